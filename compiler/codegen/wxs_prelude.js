// The WXS standard library as wxs code sees it after mpc's renaming: every
// identifier and property name in wxs is prefixed with "nv_", so only the
// members defined here are reachable from wxs (as in WeChat), and
// `x.constructor` is the type's name, not a function.
(function (g) {
  'use strict';
  function def(o, name, value) {
    Object.defineProperty(o, 'nv_' + name, { writable: true, configurable: true, value: value });
  }
  // without a setter, assigning the member does nothing (wxs runs sloppy)
  function getter(o, name, f, set) {
    Object.defineProperty(o, 'nv_' + name, { configurable: true, get: f, set: set });
  }
  function methods(proto, names) {
    for (var i = 0; i < names.length; i++) def(proto, names[i], proto[names[i]]);
  }
  def(Object.prototype, 'constructor', 'Object');
  def(Object.prototype, 'toString', function () { return '[object Object]'; });
  def(Function.prototype, 'constructor', 'Function');
  getter(Function.prototype, 'length', function () { return this.length; });
  def(Function.prototype, 'toString', Function.prototype.toString);

  // Array join/toString as WXS does it: null/undefined as '', nested arrays joined.
  function join(s) {
    s = undefined == s ? ',' : s;
    var r = '';
    for (var i = 0; i < this.length; ++i) {
      if (0 != i) r += s;
      if (null == this[i]) r += '';
      else if (typeof this[i] == 'function') r += this[i].nv_toString();
      else if (typeof this[i] == 'object' && this[i].nv_constructor === 'Array') r += this[i].nv_join();
      else r += this[i].toString();
    }
    return r;
  }
  def(Array.prototype, 'toString', function () { return join.call(this); });
  def(Array.prototype, 'join', join);
  def(Array.prototype, 'constructor', 'Array');
  methods(Array.prototype, ['concat', 'pop', 'push', 'reverse', 'shift', 'slice', 'sort', 'splice', 'unshift',
    'indexOf', 'lastIndexOf', 'every', 'some', 'forEach', 'map', 'filter', 'reduce', 'reduceRight']);
  // a.length = n truncates or extends, as in wcc (n must be a valid length)
  getter(Array.prototype, 'length', function () { return this.length; }, function (n) { this.length = n; });

  def(String.prototype, 'constructor', 'String');
  methods(String.prototype, ['toString', 'valueOf', 'charAt', 'charCodeAt', 'concat', 'indexOf', 'lastIndexOf',
    'localeCompare', 'match', 'replace', 'search', 'slice', 'split', 'substring', 'toLowerCase',
    'toLocaleLowerCase', 'toUpperCase', 'toLocaleUpperCase', 'trim']);
  getter(String.prototype, 'length', function () { return this.length; });

  def(Boolean.prototype, 'constructor', 'Boolean');
  methods(Boolean.prototype, ['toString', 'valueOf']);
  def(Number.prototype, 'constructor', 'Number');
  methods(Number.prototype, ['toString', 'toLocaleString', 'valueOf', 'toFixed', 'toExponential', 'toPrecision']);

  def(Date.prototype, 'constructor', 'Date');
  methods(Date.prototype, ['toString', 'toDateString', 'toTimeString', 'toLocaleString', 'toLocaleDateString',
    'toLocaleTimeString', 'valueOf', 'getTime', 'getFullYear', 'getUTCFullYear', 'getMonth', 'getUTCMonth',
    'getDate', 'getUTCDate', 'getDay', 'getUTCDay', 'getHours', 'getUTCHours', 'getMinutes', 'getUTCMinutes',
    'getSeconds', 'getUTCSeconds', 'getMilliseconds', 'getUTCMilliseconds', 'getTimezoneOffset', 'setTime',
    'setMilliseconds', 'setUTCMilliseconds', 'setSeconds', 'setUTCSeconds', 'setMinutes', 'setUTCMinutes',
    'setHours', 'setUTCHours', 'setDate', 'setUTCDate', 'setMonth', 'setUTCMonth', 'setFullYear',
    'setUTCFullYear', 'toUTCString', 'toISOString', 'toJSON']);
  def(Date, 'parse', Date.parse);
  def(Date, 'UTC', Date.UTC);
  def(Date, 'now', Date.now);

  def(RegExp.prototype, 'constructor', 'RegExp');
  methods(RegExp.prototype, ['exec', 'test', 'toString']);
  getter(RegExp.prototype, 'source', function () { return this.source; });
  getter(RegExp.prototype, 'global', function () { return this.global; });
  getter(RegExp.prototype, 'ignoreCase', function () { return this.ignoreCase; });
  getter(RegExp.prototype, 'multiline', function () { return this.multiline; });
  getter(RegExp.prototype, 'lastIndex', function () { return this.lastIndex; }, function (x) { this.lastIndex = x; });

  var mathNames = ['abs', 'acos', 'asin', 'atan', 'ceil', 'cos', 'exp', 'floor', 'log', 'max', 'min', 'pow',
    'random', 'round', 'sin', 'sqrt', 'tan'];
  for (var i = 0; i < mathNames.length; i++) def(Math, mathNames[i], Math[mathNames[i]]);
  def(Math, 'E', Math.E);
  def(Math, 'PI', Math.PI);

  g.nv_getDate = function () {
    var args = Array.prototype.slice.call(arguments);
    args.unshift(Date);
    return new (Function.prototype.bind.apply(Date, args))();
  };
  g.nv_getRegExp = function () {
    var args = Array.prototype.slice.call(arguments);
    args.unshift(RegExp);
    return new (Function.prototype.bind.apply(RegExp, args))();
  };
  g.nv_console = { nv_log: function () {} };
  g.nv_parseInt = parseInt;
  g.nv_parseFloat = parseFloat;
  g.nv_isNaN = isNaN;
  g.nv_isFinite = isFinite;
  g.nv_decodeURI = decodeURI;
  g.nv_decodeURIComponent = decodeURIComponent;
  g.nv_encodeURI = encodeURI;
  g.nv_encodeURIComponent = encodeURIComponent;
  g.nv_JSON = {
    nv_stringify: function (o) { return JSON.stringify(R.gdcOut(o)); },
    nv_parse: function (o) { return o === undefined ? undefined : R.gdcIn(JSON.parse(o)); },
  };
  // Number, Math and Date stay global in wxs; their members are nv_-named.
  def(Number, 'MAX_VALUE', Number.MAX_VALUE);
  def(Number, 'MIN_VALUE', Number.MIN_VALUE);
  def(Number, 'NEGATIVE_INFINITY', -Infinity);
  def(Number, 'POSITIVE_INFINITY', Infinity);
})(this);
