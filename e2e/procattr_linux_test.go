package e2e

import "syscall"

// childProcAttr kills oroshi when the test binary dies (a panic, a -timeout),
// so that no server outlives the run holding its port and database.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
