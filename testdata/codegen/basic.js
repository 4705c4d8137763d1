R.def("./basic.inc.wxml", {
ti: [],
ic: [],
wxs: {},
t: {},
f: function (e, s, r, gg) {
var o;
var n1 = R.n("text");
o = {}; R.p(n1, R.t(("" + R.str((R.idr(o, e, s, gg, "id") ? R.idr(o, e, s, gg, "id") : "none")))));
R.p(r, n1);
}
});
R.def("./basic.lib.wxml", {
ti: [],
ic: [],
wxs: {},
t: {
"card": function (e, s, r, gg) {
var o;
var n1 = R.n("view");
n1.attr["class"] = "card";
o = {}; R.p(n1, R.t(("" + R.str(R.idr(o, e, s, gg, "title")))));
R.p(r, n1);
}},
f: function (e, s, r, gg) {
var o;
}
});
R.def("./basic.wxml", {
ti: ["basic.lib.wxml"],
ic: [],
wxs: {
"m": function (nv_require) {
var nv_module = {nv_exports: {}};
var nv_n = 1; nv_module.nv_exports = {nv_inc: function(nv_x) {arguments.nv_length=arguments.length; return nv_x + nv_n }, nv_list: [1, 2]}
;return nv_module.nv_exports;
}},
t: {},
f: function (e, s, r, gg) {
var o;
R.ai("./basic.wxml", "basic.lib.wxml", 1, 1);
var n1 = R.n("view");
n1.attr["bindtap"] = "onTap";
o = {}; R.attr(n1, "class", ("" + "c " + R.str(R.idr(o, e, s, gg, "cls"))), o);
o = {}; R.attr(n1, "data-id", R.id(o, e, s, gg, "id"), o);
n1.attr["hidden"] = true;
n1.attr["hoverClass"] = "h";
var v2 = R.v(); R.p(n1, v2);
if ((o = {}, R.t(((R.idr(o, e, s, gg, "a") > (1)) && (!R.idr(o, e, s, gg, "b")))))) {
R.hit("./basic.wxml:b0");
var n3 = R.n("text");
o = {}; R.p(n3, R.t(("" + R.str(R.call(o, R.md(o, R.idr(o, e, s, gg, "m"), "inc"), function () { return [R.idr(o, e, s, gg, "a")]; })))));
R.p(v2, n3);
}
else if ((o = {}, R.t(R.id(o, e, s, gg, "b")))) {
R.hit("./basic.wxml:b1");
var n4 = R.n("text");
R.p(n4, "b");
R.p(v2, n4);
}
else {
R.hit("./basic.wxml:b2");
R.p(v2, "none");
}
var v5 = R.v(); R.p(n1, v5);
o = {}; R.wfor(R.id(o, e, s, gg, "list"), function (e, s, r, gg) {
var o;
R.hit("./basic.wxml:l0");
var n6 = R.n("view");
o = {}; R.p(n6, R.t(("" + R.str(R.idr(o, e, s, gg, "index")) + ": " + R.str(R.md(o, R.idr(o, e, s, gg, "it"), "name")) + " " + R.str(R.md(o, R.mc(o, R.idr(o, e, s, gg, "obj"), function () { return R.id(o, e, s, gg, "key"); }), "x")))));
R.p(r, n6);
}, e, s, gg, v5, "it", "index", "id");
var v7 = R.v(); R.p(n1, v7);
o = {}; var tn8 = R.t("card");
R.tcall("./basic.wxml", tn8, R.gd("./basic.wxml", tn8), (o = {}, R.obj([[10, null, R.idr(o, e, s, gg, "it")], [8, "title", "x"]])), v7, gg, 8, 3);
R.ic("basic.inc.wxml", "./basic.wxml", e, s, n1, gg);
var n9 = R.n("my-comp");
R.generic(n9, "cell", "cell-a");
o = {}; R.attr(n9, "prop", R.obj([[8, "k", [(1), "a"]], [8, "v", R.idr(o, e, s, gg, "v")]]), o);
R.p(n1, n9);
R.popj("./basic.wxml");
R.p(r, n1);
R.popi("./basic.wxml");
}
});
