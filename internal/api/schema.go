package api

import (
	"encoding/json"
	"reflect"
	"strings"
	"time"
)

// schema is the subset of JSON Schema (OpenAPI 3.1 dialect) that the
// document uses.
type schema struct {
	Ref                  string             `json:"$ref,omitempty"`
	Type                 any                `json:"type,omitempty"` // a name, or [name, "null"]
	Format               string             `json:"format,omitempty"`
	Description          string             `json:"description,omitempty"`
	Properties           map[string]*schema `json:"properties,omitempty"`
	Required             []string           `json:"required,omitempty"`
	Items                *schema            `json:"items,omitempty"`
	AdditionalProperties *schema            `json:"additionalProperties,omitempty"`
	AnyOf                []*schema          `json:"anyOf,omitempty"`
	Enum                 []string           `json:"enum,omitempty"`
	Minimum              *int               `json:"minimum,omitempty"`
	Maximum              *int               `json:"maximum,omitempty"`
	MaxLength            *int               `json:"maxLength,omitempty"`
	Default              any                `json:"default,omitempty"`
}

// schemas generates schemas from Go types by reflection, so that the
// document describes exactly what encoding/json sends. Named structs become
// components referenced by $ref; a `doc:"…"` struct tag becomes the field's
// description.
type schemas struct {
	defs map[string]*schema
}

func newSchemas() *schemas { return &schemas{defs: map[string]*schema{}} }

// of returns the schema of t, registering named structs as components.
func (ss *schemas) of(t reflect.Type) *schema {
	switch {
	case t == reflect.TypeFor[time.Time]():
		return &schema{Type: "string", Format: "date-time"}
	case t == reflect.TypeFor[json.RawMessage]():
		return &schema{}
	}
	switch t.Kind() {
	case reflect.Pointer:
		return nullable(ss.of(t.Elem()))
	case reflect.Bool:
		return &schema{Type: "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return &schema{Type: "integer", Format: "int64"}
	case reflect.Float32, reflect.Float64:
		return &schema{Type: "number"}
	case reflect.String:
		return &schema{Type: "string"}
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return &schema{Type: "string", Format: "byte"}
		}
		return &schema{Type: "array", Items: ss.of(t.Elem())}
	case reflect.Map:
		return &schema{Type: "object", AdditionalProperties: ss.of(t.Elem())}
	case reflect.Struct:
		return ss.structRef(t)
	default: // interfaces: anything
		return &schema{}
	}
}

// structRef registers a named struct once (before its fields, so that a
// recursive type ends) and refers to it; anonymous structs stay inline.
func (ss *schemas) structRef(t reflect.Type) *schema {
	name := schemaName(t)
	if name == "" {
		return ss.object(t)
	}
	if _, ok := ss.defs[name]; !ok {
		ss.defs[name] = &schema{}
		*ss.defs[name] = *ss.object(t)
	}
	return &schema{Ref: "#/components/schemas/" + name}
}

func (ss *schemas) object(t reflect.Type) *schema {
	s := &schema{Type: "object", Properties: map[string]*schema{}}
	for f := range t.Fields() {
		name, omitempty, ok := jsonField(f)
		if !ok {
			continue
		}
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			inner := ss.object(f.Type) // embedded: encoding/json flattens it
			for k, v := range inner.Properties {
				s.Properties[k] = v
			}
			s.Required = append(s.Required, inner.Required...)
			continue
		}
		if name == "" {
			name = f.Name
		}
		p := ss.of(f.Type)
		if d := f.Tag.Get("doc"); d != "" {
			p.Description = d
		}
		s.Properties[name] = p
		if !omitempty {
			s.Required = append(s.Required, name)
		}
	}
	return s
}

// jsonField reads a field's json tag; ok is false for fields encoding/json
// skips.
func jsonField(f reflect.StructField) (name string, omitempty, ok bool) {
	if !f.IsExported() && !f.Anonymous {
		return "", false, false
	}
	tag := f.Tag.Get("json")
	if tag == "-" {
		return "", false, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	for o := range strings.SplitSeq(opts, ",") {
		if o == "omitempty" || o == "omitzero" {
			omitempty = true
		}
	}
	return name, omitempty, true
}

// schemaName is a component name: the Go type name, with a generic
// instance such as List[…api.Me] named MeList.
func schemaName(t reflect.Type) string {
	name := t.Name()
	base, arg, ok := strings.Cut(name, "[")
	if !ok {
		return name
	}
	arg = strings.TrimSuffix(arg, "]")
	if i := strings.LastIndexByte(arg, '.'); i >= 0 {
		arg = arg[i+1:]
	}
	return arg + base
}

// nullable allows null besides s (how a Go pointer encodes nil).
func nullable(s *schema) *schema {
	if name, ok := s.Type.(string); ok && s.Ref == "" {
		s.Type = []string{name, "null"}
		return s
	}
	return &schema{AnyOf: []*schema{s, {Type: "null"}}}
}
