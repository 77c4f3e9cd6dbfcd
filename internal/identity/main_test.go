package identity_test

import (
	"os"
	"testing"

	"github.com/oroshi-jp/oroshi/internal/sqlstore/sqlstoretest"
)

func TestMain(m *testing.M) { os.Exit(sqlstoretest.Main(m)) }
