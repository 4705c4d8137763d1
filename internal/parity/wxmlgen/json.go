// Package wxmlgen generates inputs for the WXML parity suites: random data
// sets shaped by the data paths a file's expressions reference (Paths,
// Data), and grammar-based random WXML projects with their data (WXML).
//
// Everything is deterministic per seed: the same seed gives byte-identical
// output, so a failing case is reproduced by its seed alone.
package wxmlgen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
)

// JSON values built here are nil, bool, float64, string, []any and *Obj.
// Obj keeps insertion order: wx:for over an object and spreads follow the
// JS property order of the data, which a Go map would lose.

// Obj is a JSON object with ordered keys.
type Obj struct {
	Keys []string
	Vals []any
}

// Set appends k (or replaces its value, keeping the first position).
func (o *Obj) Set(k string, v any) {
	for i, kk := range o.Keys {
		if kk == k {
			o.Vals[i] = v
			return
		}
	}
	o.Keys = append(o.Keys, k)
	o.Vals = append(o.Vals, v)
}

// Get returns the value of k.
func (o *Obj) Get(k string) (any, bool) {
	for i, kk := range o.Keys {
		if kk == k {
			return o.Vals[i], true
		}
	}
	return nil, false
}

// MarshalJSON keeps the key order.
func (o *Obj) MarshalJSON() ([]byte, error) { return Marshal(o), nil }

// Marshal encodes a value tree as compact JSON (no HTML escaping, keys in
// insertion order, -0 kept as "-0" so JSON.parse gives -0 back).
func Marshal(v any) []byte {
	var b bytes.Buffer
	writeJSON(&b, v)
	return b.Bytes()
}

func writeJSON(b *bytes.Buffer, v any) {
	switch v := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			b.WriteString("null") // not representable; never generated
			return
		}
		if v == 0 && math.Signbit(v) {
			b.WriteString("-0")
			return
		}
		out, _ := json.Marshal(v)
		b.Write(out)
	case int:
		b.WriteString(strconv.Itoa(v))
	case string:
		writeString(b, v)
	case []any:
		b.WriteByte('[')
		for i, x := range v {
			if i > 0 {
				b.WriteByte(',')
			}
			writeJSON(b, x)
		}
		b.WriteByte(']')
	case *Obj:
		b.WriteByte('{')
		for i, k := range v.Keys {
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(b, k)
			b.WriteByte(':')
			writeJSON(b, v.Vals[i])
		}
		b.WriteByte('}')
	default:
		out, _ := json.Marshal(v)
		b.Write(out)
	}
}

func writeString(b *bytes.Buffer, s string) {
	var tmp bytes.Buffer
	enc := json.NewEncoder(&tmp)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	b.Write(bytes.TrimSuffix(tmp.Bytes(), []byte("\n")))
}

// Unmarshal decodes JSON into the value types of this package (objects as
// *Obj, keeping their key order).
func Unmarshal(data []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(data))
	v, err := decodeValue(d)
	if err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("wxmlgen: trailing data after JSON value")
	}
	return v, nil
}

func decodeValue(d *json.Decoder) (any, error) {
	t, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		switch t {
		case '[':
			a := []any{}
			for d.More() {
				v, err := decodeValue(d)
				if err != nil {
					return nil, err
				}
				a = append(a, v)
			}
			_, err := d.Token()
			return a, err
		case '{':
			o := &Obj{}
			for d.More() {
				k, err := d.Token()
				if err != nil {
					return nil, err
				}
				v, err := decodeValue(d)
				if err != nil {
					return nil, err
				}
				o.Set(k.(string), v)
			}
			_, err := d.Token()
			return o, err
		}
		return nil, fmt.Errorf("wxmlgen: unexpected %v", t)
	default:
		return t, nil // nil, bool, float64, string
	}
}
