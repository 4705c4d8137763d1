package wxss

import (
	"math"
	"math/big"
	"strconv"
	"strings"
)

// rpx in values is found the way wcsc finds it, not by CSS tokens: a scan
// that skips words ([A-Za-z_][A-Za-z0-9_]*) and takes a number
// ([+-]? digits [. digits] or [+-]? . digits) whose unit, the
// [A-Za-z0-9_]* run right after it, is exactly "rpx". So `a-10rpx` and
// `1e-5rpx` convert their `-10rpx` / `-5rpx`, while `a10rpx`, `1.5e2rpx`,
// `10RPX` and `10rpxs` stay. Strings, url()s and comments are never
// scanned (the printer splits them off before calling scanRPX).

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// numberAt returns the end of the number starting at s[i], or -1.
func numberAt(s string, i int) int {
	j := i
	if j < len(s) && (s[j] == '+' || s[j] == '-') {
		j++
	}
	digits := false
	for j < len(s) && isDigit(s[j]) {
		j++
		digits = true
	}
	if j < len(s) && s[j] == '.' {
		if !digits && (j+1 >= len(s) || !isDigit(s[j+1])) {
			return -1
		}
		j++
		for j < len(s) && isDigit(s[j]) {
			j++
			digits = true
		}
	}
	if !digits {
		return -1
	}
	return j
}

// scanRPX calls emit for each rpx number of s: [start, end) is the number
// (sign included, unit excluded); the unit "rpx" follows at end.
func scanRPX(s string, emit func(start, end int)) {
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' {
			for i < len(s) && isWordByte(s[i]) {
				i++
			}
			continue
		}
		if isDigit(c) || c == '.' || c == '+' || c == '-' {
			if end := numberAt(s, i); end >= 0 {
				k := end
				for k < len(s) && isWordByte(s[k]) {
					k++
				}
				if k-end == 3 && s[end:k] == "rpx" {
					emit(i, end)
				}
				i = k
				continue
			}
		}
		i++
	}
}

// parseRPXNumber reads the number text the way JavaScript reads the
// literal wcsc pastes into its output, except that leading zeros are
// decimal (see docs/wxss.md: JavaScript would read `010` as octal 8).
func parseRPXNumber(s string) float64 {
	s = strings.TrimPrefix(s, "+")
	if strings.HasSuffix(s, ".") {
		s = s[:len(s)-1]
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil && !math.IsInf(f, 0) {
		return 0
	}
	return f
}

// PXValue converts n rpx to px exactly like wcsc's transformRPX: 0 stays
// 0, otherwise floor(n/750*width + 1e-4), and a result of 0 becomes 1 —
// or 0.5 on iOS with a device pixel ratio other than 1. width and dpr of 0
// mean 375 and 2, as in wcsc's runtime.
func PXValue(n, width, dpr float64, ios bool) float64 {
	if n == 0 {
		return 0
	}
	if width == 0 {
		width = 375
	}
	if dpr == 0 {
		dpr = 2
	}
	// The explicit float64 conversions keep the compiler from fusing the
	// operations (FMA), so the rounding is JavaScript's.
	x := float64(n / 750)
	x = float64(x * width)
	x = math.Floor(float64(x + 1e-4))
	if x == 0 {
		if dpr == 1 || !ios {
			return 1
		}
		return 0.5
	}
	return x
}

// appendJSNumber appends jsNumber(f), without allocating for the usual
// integral results.
func appendJSNumber(b []byte, f float64) []byte {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.AppendInt(b, int64(f), 10)
	}
	return append(b, jsNumber(f)...)
}

// jsNumber formats f as JavaScript's Number.prototype.toString does.
func jsNumber(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case math.IsNaN(f):
		return "NaN"
	case f == 0:
		return "0"
	}
	a := math.Abs(f)
	if a >= 1e21 || a < 1e-6 {
		s := strconv.FormatFloat(f, 'e', -1, 64)
		// Go pads the exponent to two digits; JavaScript does not.
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		exp = strings.TrimLeft(exp[1:], "0")
		if exp == "" {
			exp = "0"
		}
		return mant + "e" + string(sign) + exp
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

// vwValue writes n rpx as a vw length: the exact decimal N/7.5 vw when it
// has one, else calc(N * 100vw / 750).
func vwValue(b []byte, num string) []byte {
	num = strings.TrimPrefix(num, "+")
	num = strings.TrimSuffix(num, ".")
	if strings.HasPrefix(num, ".") {
		num = "0" + num
	} else if strings.HasPrefix(num, "-.") {
		num = "-0" + num[1:]
	}
	r, ok := new(big.Rat).SetString(num)
	if !ok {
		return append(append(b, num...), "rpx"...)
	}
	if r.Sign() == 0 {
		return append(b, '0')
	}
	v := new(big.Rat).Mul(r, big.NewRat(2, 15))
	if s, exact := exactDecimal(v); exact && len(s) <= 12 {
		return append(append(b, s...), "vw"...)
	}
	b = append(b, "calc("...)
	b = append(b, num...)
	return append(b, " * 100vw / 750)"...)
}

// exactDecimal returns v as a terminating decimal, if it is one.
func exactDecimal(v *big.Rat) (string, bool) {
	d := new(big.Int).Set(v.Denom())
	two, five := big.NewInt(2), big.NewInt(5)
	digits := 0
	m := new(big.Int)
	for {
		if m.Mod(d, two).Sign() == 0 {
			d.Div(d, two)
		} else if m.Mod(d, five).Sign() == 0 {
			d.Div(d, five)
		} else {
			break
		}
		digits++
	}
	if d.Cmp(big.NewInt(1)) != 0 {
		return "", false
	}
	s := v.FloatString(digits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s, true
}
