package analyze

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Amount is how much something may grow: a number of bytes, or a percentage
// of its old size.
type Amount struct {
	Bytes     int64
	Percent   float64
	IsPercent bool
}

// Allowed returns the growth in bytes the amount allows for something that
// was old bytes large. A percentage of nothing is nothing, so a package that
// is new in a change only fits a byte budget.
func (a Amount) Allowed(old int64) int64 {
	if !a.IsPercent {
		return a.Bytes
	}
	if old <= 0 {
		return 0
	}
	return int64(math.Floor(float64(old) * a.Percent / 100))
}

// String prints the amount in the syntax ParseBudget reads.
func (a Amount) String() string {
	if a.IsPercent {
		return strconv.FormatFloat(a.Percent, 'f', -1, 64) + "%"
	}
	switch {
	case a.Bytes != 0 && a.Bytes%(1<<20) == 0:
		return strconv.FormatInt(a.Bytes>>20, 10) + "MB"
	case a.Bytes != 0 && a.Bytes%(1<<10) == 0:
		return strconv.FormatInt(a.Bytes>>10, 10) + "KB"
	}
	return strconv.FormatInt(a.Bytes, 10) + "B"
}

// Budget is a --max-growth budget: how much the whole project, each package
// or a named package may grow from the old report to the new one. The zero
// Budget limits nothing.
type Budget struct {
	Total    *Amount           // the whole project ("10KB" or "total=10KB")
	Each     *Amount           // every package without its own entry ("*=2%")
	Packages map[string]Amount // by package name ("main=10KB", "packageA=2%")
}

// IsZero reports whether the budget limits nothing.
func (b Budget) IsZero() bool {
	return b.Total == nil && b.Each == nil && len(b.Packages) == 0
}

// For returns the amount that applies to the named package, or nil.
func (b Budget) For(pkg string) *Amount {
	if a, ok := b.Packages[pkg]; ok {
		return &a
	}
	return b.Each
}

// String prints the budget in the syntax ParseBudget reads: total first,
// then "*", then packages by name.
func (b Budget) String() string {
	var parts []string
	if b.Total != nil {
		parts = append(parts, b.Total.String())
	}
	if b.Each != nil {
		parts = append(parts, "*="+b.Each.String())
	}
	names := make([]string, 0, len(b.Packages))
	for n := range b.Packages {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		parts = append(parts, n+"="+b.Packages[n].String())
	}
	return strings.Join(parts, ",")
}

// ParseBudget reads the --max-growth syntax (docs/analyze.md): a
// comma-separated list of items, each AMOUNT or NAME=AMOUNT.
//
//	10KB                     the whole project may grow at most 10 KB
//	total=10KB               the same
//	5%                       the whole project may grow at most 5% of its old size
//	main=10KB,packageA=2%    per package
//	*=4KB,main=10KB          every package 4 KB, except main 10 KB
//
// AMOUNT is a non-negative number with a unit B, KB or MB (1 KB = 1024
// bytes, as WeChat counts its limits; KiB/MiB and K/M also work, a bare
// number is bytes), or a percentage ending in %.
func ParseBudget(s string) (Budget, error) {
	var b Budget
	if strings.TrimSpace(s) == "" {
		return b, nil
	}
	for _, item := range strings.Split(s, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			return Budget{}, fmt.Errorf("budget %q: empty item", s)
		}
		name, amt, hasName := strings.Cut(item, "=")
		if !hasName {
			name, amt = "total", item
		}
		name = strings.TrimSpace(name)
		if name == "" {
			return Budget{}, fmt.Errorf("budget %q: missing package name before '='", item)
		}
		a, err := parseAmount(strings.TrimSpace(amt))
		if err != nil {
			return Budget{}, fmt.Errorf("budget %q: %v", item, err)
		}
		switch name {
		case "total":
			if b.Total != nil {
				return Budget{}, fmt.Errorf("budget %q: the total budget is given twice", item)
			}
			b.Total = &a
		case "*":
			if b.Each != nil {
				return Budget{}, fmt.Errorf("budget %q: \"*\" is given twice", item)
			}
			b.Each = &a
		default:
			if _, dup := b.Packages[name]; dup {
				return Budget{}, fmt.Errorf("budget %q: package %q is given twice", item, name)
			}
			if b.Packages == nil {
				b.Packages = make(map[string]Amount)
			}
			b.Packages[name] = a
		}
	}
	return b, nil
}

var units = map[string]int64{
	"": 1, "b": 1,
	"k": 1 << 10, "kb": 1 << 10, "kib": 1 << 10,
	"m": 1 << 20, "mb": 1 << 20, "mib": 1 << 20,
}

func parseAmount(s string) (Amount, error) {
	if s == "" {
		return Amount{}, fmt.Errorf("missing amount (e.g. 10KB or 5%%)")
	}
	i := 0
	for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
		i++
	}
	num, unit := s[:i], strings.ToLower(strings.TrimSpace(s[i:]))
	v, err := strconv.ParseFloat(num, 64)
	if num == "" || err != nil {
		return Amount{}, fmt.Errorf("%q is not an amount (want e.g. 10KB, 1.5MB, 2048 or 5%%)", s)
	}
	if unit == "%" {
		return Amount{Percent: v, IsPercent: true}, nil
	}
	mul, ok := units[unit]
	if !ok {
		return Amount{}, fmt.Errorf("unknown unit %q in %q (want B, KB, MB or %%)", s[i:], s)
	}
	bytes := math.Round(v * float64(mul))
	if bytes > math.MaxInt64/2 {
		return Amount{}, fmt.Errorf("%q is too large", s)
	}
	return Amount{Bytes: int64(bytes)}, nil
}
