// Date strings as V8 reads them. wcc's output runs on V8, whose
// DateParser (src/date/dateparser*.{h,cc}: the ES5 ISO format first, then
// the legacy Safari-compatible parser) decides what getDate(string) and
// Date.parse(string) give; goja's own parser differs on everything that is
// not ISO ("007" is July 2001 in V8, the year 7 in goja). This is a port of
// that parser as node 20 (V8 11.3, where the oracle runs) has it, kept close
// to its structure so the two compare line by line, plus V8's conversion of
// the fields to a time value. internal/parity/wxs_date_test.go checks it
// against wcc's output on V8.
(function (g) {
  'use strict';
  function def(o, name, value) {
    Object.defineProperty(o, 'nv_' + name, { writable: true, configurable: true, value: value });
  }

  var kNone = 2147483647; // kMaxInt: a missing value
  var kMaxSignificantDigits = 9;
  var msPerDay = 86400000;
  var kMaxTimeInMs = 8.64e15;
  var kMaxTimeBeforeUTCInMs = kMaxTimeInMs + 10 * msPerDay;

  // Token tags (DateToken); keywords have their KeywordType (>= 0) as tag.
  var tInvalid = -6, tUnknown = -5, tWhiteSpace = -4, tNumber = -3, tSymbol = -2, tEnd = -1;
  // Keyword types.
  var kwInvalid = 0, kwMonth = 1, kwZone = 2, kwTimeSeparator = 3, kwAmPm = 4;

  // KeywordTable: a three-letter prefix (zero-padded), type, value. Only
  // month names may be longer than their prefix ("September", "Sept").
  var keywords = [
    ['jan', kwMonth, 1], ['feb', kwMonth, 2], ['mar', kwMonth, 3], ['apr', kwMonth, 4],
    ['may', kwMonth, 5], ['jun', kwMonth, 6], ['jul', kwMonth, 7], ['aug', kwMonth, 8],
    ['sep', kwMonth, 9], ['oct', kwMonth, 10], ['nov', kwMonth, 11], ['dec', kwMonth, 12],
    ['am\0', kwAmPm, 0], ['pm\0', kwAmPm, 12],
    ['ut\0', kwZone, 0], ['utc', kwZone, 0], ['z\0\0', kwZone, 0], ['gmt', kwZone, 0],
    ['cdt', kwZone, -5], ['cst', kwZone, -6], ['edt', kwZone, -4], ['est', kwZone, -5],
    ['mdt', kwZone, -6], ['mst', kwZone, -7], ['pdt', kwZone, -7], ['pst', kwZone, -8],
    ['t\0\0', kwTimeSeparator, 0],
  ];

  // isWhiteSpace is V8's IsWhiteSpace (without the line terminators).
  function isWhiteSpace(c) {
    return c === 9 || c === 11 || c === 12 || c === 32 || c === 0xa0 || c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
  }
  function between(x, lo, hi) { return x >= lo && x <= hi; }
  function isMonth(x) { return between(x, 1, 12); }
  function isDay(x) { return between(x, 1, 31); }
  function isHour(x) { return between(x, 0, 23); }
  function isMinute(x) { return between(x, 0, 59); }

  function Token(tag, length, value) {
    this.tag = tag;
    this.length = length;
    this.value = value;
  }
  Token.prototype.isNumber = function () { return this.tag === tNumber; };
  Token.prototype.isFixedLengthNumber = function (n) { return this.tag === tNumber && this.length === n; };
  Token.prototype.isSymbol = function (c) { return this.tag === tSymbol && this.value === c; };
  Token.prototype.isAsciiSign = function () { return this.tag === tSymbol && (this.value === '-' || this.value === '+'); };
  Token.prototype.asciiSign = function () { return this.value === '-' ? -1 : 1; };
  Token.prototype.isKeywordZ = function () { return this.tag === kwZone && this.length === 1 && this.value === 0; };
  var endToken = new Token(tEnd, 0, -1);
  var invalidToken = new Token(tInvalid, 0, -1);

  // Tokens other than numbers and words are always the same: shared.
  var whiteSpaceToken = new Token(tWhiteSpace, 1, -1);
  var unknownToken = new Token(tUnknown, 1, -1);
  var symbolTokens = {};
  for (var sym = 0; sym < 5; sym++) symbolTokens[':-+.)'.charCodeAt(sym)] = new Token(tSymbol, 1, ':-+.)'.charAt(sym));

  // Scanner is InputReader and DateStringTokenizer in one: a character 0
  // ends the input, as in V8 (so "2020\0junk" is "2020").
  function Scanner(s) {
    this.s = s;
    this.pos = 0;
    this.next_ = this.scan();
  }
  Scanner.prototype.scan = function () {
    var s = this.s, end = s.length, start = this.pos, pos = start;
    var c = pos < end ? s.charCodeAt(pos) : 0;
    if (c === 0) return endToken;
    var t;
    if (c >= 48 && c <= 57) {
      // Leading zeros are skipped, then only the first
      // kMaxSignificantDigits digits count; the length counts them all.
      while (c === 48) c = ++pos < end ? s.charCodeAt(pos) : 0;
      var n = 0;
      for (var i = 0; c >= 48 && c <= 57; i++) {
        if (i < kMaxSignificantDigits) n = n * 10 + c - 48;
        c = ++pos < end ? s.charCodeAt(pos) : 0;
      }
      t = new Token(tNumber, pos - start, n);
    } else if ((t = symbolTokens[c]) !== undefined) {
      pos++;
    } else if (c >= 65 && (c < 0xa0 || !isWhiteSpace(c))) {
      // A word is any run of characters >= 'A' but white space (non-ASCII
      // ones included); its first three, lower-cased, select the keyword.
      var pre = '';
      for (; c >= 65 && (c < 0xa0 || !isWhiteSpace(c)); c = ++pos < end ? s.charCodeAt(pos) : 0) {
        if (pos - start < 3) pre += String.fromCharCode(c | 0x20);
      }
      var length = pos - start;
      while (pre.length < 3) pre += '\0';
      t = new Token(kwInvalid, length, 0);
      for (var k = 0; k < keywords.length; k++) {
        if (keywords[k][0] === pre && (length <= 3 || keywords[k][1] === kwMonth)) {
          t = new Token(keywords[k][1], length, keywords[k][2]);
          break;
        }
      }
    } else if (isWhiteSpace(c) || c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      pos++;
      t = whiteSpaceToken;
    } else if (c === 40) {
      // '(': skip to the matching ')' or the end
      var balance = 0;
      do {
        if (c === 41) balance--;
        else if (c === 40) balance++;
        c = ++pos < end ? s.charCodeAt(pos) : 0;
      } while (balance > 0 && c !== 0);
      t = unknownToken;
    } else {
      pos++;
      t = unknownToken;
    }
    this.pos = pos;
    return t;
  };
  Scanner.prototype.next = function () {
    var t = this.next_;
    this.next_ = this.scan();
    return t;
  };
  Scanner.prototype.peek = function () { return this.next_; };
  Scanner.prototype.skipSymbol = function (c) {
    if (this.next_.isSymbol(c)) {
      this.next_ = this.scan();
      return true;
    }
    return false;
  };

  // ReadMilliseconds: the first three significant digits of the numeral,
  // its length telling the leading zeros.
  function readMilliseconds(t) {
    var n = t.value, length = t.length;
    if (length === 1) return n * 100;
    if (length === 2) return n * 10;
    if (length > 3) {
      if (length > kMaxSignificantDigits) length = kMaxSignificantDigits;
      var factor = 1;
      do {
        factor *= 10;
        length--;
      } while (length > 3);
      n = Math.floor(n / factor);
    }
    return n;
  }

  function TimeZoneComposer() {
    this.sign = kNone;
    this.hour = kNone;
    this.minute = kNone;
  }
  TimeZoneComposer.prototype.set = function (offsetInHours) {
    this.sign = offsetInHours < 0 ? -1 : 1;
    this.hour = offsetInHours * this.sign;
    this.minute = 0;
  };
  TimeZoneComposer.prototype.isExpecting = function (n) {
    return this.hour !== kNone && this.minute === kNone && isMinute(n);
  };
  TimeZoneComposer.prototype.isUTC = function () { return this.hour === 0 && this.minute === 0; };
  TimeZoneComposer.prototype.isEmpty = function () { return this.hour === kNone; };
  // write returns the offset in seconds, null for none (local time), or
  // undefined when invalid.
  TimeZoneComposer.prototype.write = function () {
    if (this.sign === kNone) return null;
    var hour = this.hour === kNone ? 0 : this.hour;
    var minute = this.minute === kNone ? 0 : this.minute;
    // V8 adds in unsigned 32-bit arithmetic and rejects more than 2^31-1.
    var total = (hour * 3600 + minute * 60) % 4294967296;
    if (total > 2147483647) return undefined;
    return this.sign < 0 ? -total : total;
  };

  function TimeComposer() {
    this.comp = [];
    this.hourOffset = kNone;
  }
  TimeComposer.prototype.isEmpty = function () { return this.comp.length === 0; };
  TimeComposer.prototype.isExpecting = function (n) {
    var i = this.comp.length;
    return (i === 1 && isMinute(n)) || (i === 2 && between(n, 0, 59)) || (i === 3 && between(n, 0, 999));
  };
  TimeComposer.prototype.add = function (n) {
    if (this.comp.length >= 4) return false;
    this.comp.push(n);
    return true;
  };
  TimeComposer.prototype.addFinal = function (n) {
    if (!this.add(n)) return false;
    while (this.comp.length < 4) this.comp.push(0);
    return true;
  };
  // write returns [hour, minute, second, millisecond] or null.
  TimeComposer.prototype.write = function () {
    var c = this.comp;
    while (c.length < 4) c.push(0);
    var hour = c[0];
    if (this.hourOffset !== kNone) {
      if (!between(hour, 0, 12)) return null;
      hour = hour % 12 + this.hourOffset;
    }
    if (!isHour(hour) || !isMinute(c[1]) || !between(c[2], 0, 59) || !between(c[3], 0, 999)) {
      // 24:00:00.000 is the end of the day.
      if (hour !== 24 || c[1] !== 0 || c[2] !== 0 || c[3] !== 0) return null;
    }
    return [hour, c[1], c[2], c[3]];
  };

  function DayComposer() {
    this.comp = [];
    this.namedMonth = kNone;
    this.isISODate = false;
  }
  DayComposer.prototype.isEmpty = function () { return this.comp.length === 0; };
  DayComposer.prototype.add = function (n) {
    if (this.comp.length >= 3) return false;
    this.comp.push(n);
    return true;
  };
  // write returns [year, month (0-based), day] or null.
  DayComposer.prototype.write = function () {
    var c = this.comp;
    if (c.length < 1) return null;
    // Day and month default to 1. V8 tests its component count only after
    // this padding, so it is always 3 there: no "MD" without a year (the
    // year is then 1, i.e. 2001) and one number with a month name is a day
    // only when it can be a day. Kept as V8 does it.
    while (c.length < 3) c.push(1);
    var year, month, day;
    if (this.namedMonth === kNone) {
      if (this.isISODate || !isDay(c[0])) {
        year = c[0];
        month = c[1];
        day = c[2];
      } else {
        month = c[0];
        day = c[1];
        year = c[2];
      }
    } else {
      month = this.namedMonth;
      if (!isDay(c[0])) {
        year = c[0];
        day = c[1];
      } else {
        day = c[0];
        year = c[1];
      }
    }
    if (!this.isISODate) {
      if (between(year, 0, 49)) year += 2000;
      else if (between(year, 50, 99)) year += 1900;
    }
    if (!isMonth(month) || !isDay(day)) return null;
    return [year, month - 1, day];
  };

  // parseES5DateTime reads as much of an ES5 date-time string as it can and
  // returns the next token for the legacy parser: endToken when the whole
  // string was ISO, invalidToken when it can be nothing else.
  function parseES5DateTime(scanner, day, time, tz) {
    // [('-'|'+')yy]yyyy['-'MM['-'DD]]
    if (scanner.peek().isAsciiSign()) {
      var signToken = scanner.next();
      if (!scanner.peek().isFixedLengthNumber(6)) return signToken;
      var sign = signToken.asciiSign();
      var year = scanner.next().value;
      if (sign < 0 && year === 0) return signToken;
      day.add(sign * year);
    } else if (scanner.peek().isFixedLengthNumber(4)) {
      day.add(scanner.next().value);
    } else {
      return scanner.next();
    }
    if (scanner.skipSymbol('-')) {
      if (!scanner.peek().isFixedLengthNumber(2) || !isMonth(scanner.peek().value)) return scanner.next();
      day.add(scanner.next().value);
      if (scanner.skipSymbol('-')) {
        if (!scanner.peek().isFixedLengthNumber(2) || !isDay(scanner.peek().value)) return scanner.next();
        day.add(scanner.next().value);
      }
    }
    // 'T'HH':'mm[':'ss['.'sss]][Z|(+|-)hh:mm]
    if (scanner.peek().tag !== kwTimeSeparator) {
      if (scanner.peek().tag !== tEnd) return scanner.next();
    } else {
      scanner.next();
      if (!scanner.peek().isFixedLengthNumber(2) || !between(scanner.peek().value, 0, 24)) return invalidToken;
      // 24:00[:00[.000]] only.
      var hourIs24 = scanner.peek().value === 24;
      time.add(scanner.next().value);
      if (!scanner.skipSymbol(':')) return invalidToken;
      if (!scanner.peek().isFixedLengthNumber(2) || !isMinute(scanner.peek().value) ||
        (hourIs24 && scanner.peek().value > 0)) return invalidToken;
      time.add(scanner.next().value);
      if (scanner.skipSymbol(':')) {
        if (!scanner.peek().isFixedLengthNumber(2) || !isMinute(scanner.peek().value) ||
          (hourIs24 && scanner.peek().value > 0)) return invalidToken;
        time.add(scanner.next().value);
        if (scanner.skipSymbol('.')) {
          if (!scanner.peek().isNumber() || (hourIs24 && scanner.peek().value > 0)) return invalidToken;
          // More or less than three digits are allowed.
          time.add(readMilliseconds(scanner.next()));
        }
      }
      if (scanner.peek().isKeywordZ()) {
        scanner.next();
        tz.set(0);
      } else if (scanner.peek().isSymbol('+') || scanner.peek().isSymbol('-')) {
        tz.sign = scanner.next().asciiSign();
        if (scanner.peek().isFixedLengthNumber(4)) {
          // hhmm extension.
          var hourmin = scanner.next().value;
          var hour = Math.floor(hourmin / 100), min = hourmin % 100;
          if (!isHour(hour) || !isMinute(min)) return invalidToken;
          tz.hour = hour;
          tz.minute = min;
        } else {
          if (!scanner.peek().isFixedLengthNumber(2) || !isHour(scanner.peek().value)) return invalidToken;
          tz.hour = scanner.next().value;
          if (!scanner.skipSymbol(':')) return invalidToken;
          if (!scanner.peek().isFixedLengthNumber(2) || !isMinute(scanner.peek().value)) return invalidToken;
          tz.minute = scanner.next().value;
        }
      }
      if (scanner.peek().tag !== tEnd) return invalidToken;
    }
    // Without an offset, date-only forms are UTC, date-time forms local.
    if (tz.isEmpty() && time.isEmpty()) tz.set(0);
    day.isISODate = true;
    return endToken;
  }

  // parseFields is DateParser::Parse: [year, month, day, hour, minute,
  // second, millisecond, UTC offset in seconds or null], or null.
  function parseFields(s) {
    var scanner = new Scanner(s);
    var tz = new TimeZoneComposer(), time = new TimeComposer(), day = new DayComposer();
    var token = parseES5DateTime(scanner, day, time, tz);
    if (token.tag === tInvalid) return null;
    var hasReadNumber = !day.isEmpty();
    for (; token.tag !== tEnd; token = scanner.next()) {
      if (token.tag === tNumber) {
        hasReadNumber = true;
        var n = token.value;
        if (scanner.skipSymbol(':')) {
          if (scanner.skipSymbol(':')) {
            // n '::'
            if (!time.isEmpty()) return null;
            time.add(n);
            time.add(0);
          } else {
            // n ':'
            if (!time.add(n)) return null;
            if (scanner.peek().isSymbol('.')) scanner.next();
          }
        } else if (scanner.skipSymbol('.') && time.isExpecting(n)) {
          time.add(n);
          if (!scanner.peek().isNumber()) return null;
          var ms = readMilliseconds(scanner.next());
          if (ms < 0) return null;
          time.addFinal(ms);
        } else if (tz.isExpecting(n)) {
          tz.minute = n;
        } else if (time.isExpecting(n)) {
          time.addFinal(n);
          // The time must end at the end, a space, "Z", "+" or "-".
          var peek = scanner.peek();
          if (peek.tag !== tEnd && peek.tag !== tWhiteSpace && !peek.isKeywordZ() && !peek.isAsciiSign()) return null;
        } else {
          if (!day.add(n)) return null;
          scanner.skipSymbol('-');
        }
      } else if (token.tag >= 0) {
        // A word.
        if (token.tag === kwAmPm && !time.isEmpty()) {
          time.hourOffset = token.value;
        } else if (token.tag === kwMonth) {
          day.namedMonth = token.value;
          scanner.skipSymbol('-');
        } else if (token.tag === kwZone && hasReadNumber) {
          tz.set(token.value);
        } else {
          // Unknown words are allowed only before the first number, and
          // not right before it.
          if (hasReadNumber) return null;
          if (scanner.peek().isNumber()) return null;
        }
      } else if (token.isAsciiSign() && (tz.isUTC() || !time.isEmpty())) {
        // A UTC offset, only after UTC/GMT or a time.
        tz.sign = token.asciiSign();
        var m = 0, length = 0;
        if (scanner.peek().isNumber()) {
          var t = scanner.next();
          length = t.length;
          m = t.value;
        }
        hasReadNumber = true;
        if (scanner.peek().isSymbol(':')) {
          tz.hour = m;
          tz.minute = kNone;
        } else if (length === 2 || length === 1) {
          tz.hour = m;
          tz.minute = 0;
        } else if (length === 4 || length === 3) {
          tz.hour = Math.floor(m / 100);
          tz.minute = m % 100;
        } else {
          return null;
        }
      } else if ((token.isAsciiSign() || token.isSymbol(')')) && hasReadNumber) {
        return null;
      }
      // Other characters and white space are ignored.
    }
    var d = day.write();
    if (d === null) return null;
    var tm = time.write();
    if (tm === null) return null;
    var offset = tz.write();
    if (offset === undefined) return null;
    return [d[0], d[1], d[2], tm[0], tm[1], tm[2], tm[3], offset];
  }

  // makeDay is V8's MakeDay, whose C++ integer division this keeps (it only
  // matters for years far outside the Date range).
  function makeDay(year, month, date) {
    if (!(year >= -1000000 && year <= 1000000 && month >= -10000000 && month <= 10000000)) return NaN;
    var y = year + ((month / 12) | 0), m = month % 12;
    if (m < 0) {
      m += 12;
      y -= 1;
    }
    var base = 1970 + 399999, yd = y + 399999;
    var dayFromYear = 365 * yd + ((yd / 4) | 0) - ((yd / 100) | 0) + ((yd / 400) | 0) -
      (365 * base + ((base / 4) | 0) - ((base / 100) | 0) + ((base / 400) | 0));
    var leap = !(y % 4 !== 0 || (y % 100 === 0 && y % 400 !== 0));
    return dayFromYear + (leap ? leapDays : commonDays)[m] - 1 + date;
  }
  var commonDays = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
  var leapDays = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335];

  // offsetAt is the local time zone's offset (ms east of UTC) at instant u.
  function offsetAt(u) {
    if (u > kMaxTimeInMs) u = kMaxTimeInMs;
    else if (u < -kMaxTimeInMs) u = -kMaxTimeInMs;
    // From the local fields, not getTimezoneOffset: offsets before
    // standard time have seconds (LMT +8:05:43) which V8 keeps.
    var d = new Date(u);
    return makeDay(d.getFullYear(), d.getMonth(), d.getDate()) * msPerDay + d.getHours() * 3600000 +
      d.getMinutes() * 60000 + d.getSeconds() * 1000 + d.getMilliseconds() - u;
  }

  // toUTC converts a local time value as V8 does with ICU
  // (getOffsetFromLocal with UCAL_TZ_LOCAL_FORMER twice): a repeated local
  // time is the earlier instant, a skipped one is read with the offset in
  // force before the change. It assumes at most one change within two days.
  function toUTC(local) {
    var before = offsetAt(local - msPerDay), after = offsetAt(local + msPerDay);
    if (before === after) return local - before;
    if (offsetAt(local - before) === before) return local - before;
    if (offsetAt(local - after) === after) return local - after;
    return local - before;
  }

  // parse is V8's ParseDateTimeString followed by TimeClip.
  function parse(s) {
    var f = parseFields(s);
    if (f === null) return NaN;
    var t = makeDay(f[0], f[1], f[2]) * msPerDay + f[3] * 3600000 + f[4] * 60000 + f[5] * 1000 + f[6];
    if (f[7] === null) {
      if (!(t >= -kMaxTimeBeforeUTCInMs && t <= kMaxTimeBeforeUTCInMs)) return NaN;
      t = toUTC(t);
    } else {
      t -= f[7] * 1000;
    }
    if (!(t >= -kMaxTimeInMs && t <= kMaxTimeInMs)) return NaN;
    return t + 0;
  }

  // toPrimitive is ToPrimitive with no hint for an object that is not a
  // Date (a Date's time value is taken as it is by the Date constructor).
  function toPrimitive(v) {
    if (v === null || (typeof v !== 'object' && typeof v !== 'function') || v instanceof Date) return v;
    var p;
    if (typeof v.valueOf === 'function') {
      p = v.valueOf();
      if (p === null || (typeof p !== 'object' && typeof p !== 'function')) return p;
    }
    if (typeof v.toString === 'function') {
      p = v.toString();
      if (p === null || (typeof p !== 'object' && typeof p !== 'function')) return p;
    }
    throw new TypeError('Cannot convert object to primitive value');
  }

  var getDate = g.nv_getDate;
  g.nv_getDate = function (v) {
    if (arguments.length !== 1) return getDate.apply(this, arguments);
    v = toPrimitive(v);
    return new Date(typeof v === 'string' ? parse(v) : v);
  };
  def(Date, 'parse', function (s) { return parse(String(s)); });
})(this);
