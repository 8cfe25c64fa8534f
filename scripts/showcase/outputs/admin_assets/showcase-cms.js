/* The editors' form: what Decap CMS lacks, kept small.
 * - `showcase-id` gives a new profile a random, never-changing id like `showcase new`
 *   (dh-<year>-<6 hex>), so two editors of one unit cannot collide; it is shown, never typed.
 * - Before saving, the file is made the YAML an editor writes: text in NFC, empty optional
 *   fields left out, and the keys inside consent, photos and awards in the model's order
 *   (Decap orders only the top level). SHOWCASE_ORDER is prepended by showcase.outputs.admin. */
(function () {
  "use strict";
  var ORDER = window.SHOWCASE_ORDER || {};

  function newId() {
    var bytes = new Uint8Array(3);
    window.crypto.getRandomValues(bytes);
    var hex = Array.prototype.map.call(bytes, function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
    return "dh-" + new Date().getFullYear() + "-" + hex;
  }

  var IdControl = window.createClass({
    componentDidMount: function () {
      if (!this.props.value) this.props.onChange(newId());
    },
    render: function () {
      return window.h("input", {
        type: "text", id: this.props.forID, readOnly: true,
        className: this.props.classNameWrapper, value: this.props.value || ""
      });
    }
  });

  function isEmpty(v) {
    return v === "" || v === null || v === undefined || (v && v.size === 0);
  }

  function clean(v) {
    if (typeof v === "string") return v.normalize("NFC");
    if (v && typeof v.map === "function" && typeof v.filter === "function") {
      return v.map(clean).filter(function (x) { return !isEmpty(x); });
    }
    return v;
  }

  /* Small Immutable maps (up to 8 keys) keep insertion order: rebuild nested ones in order. */
  function ordered(map, names) {
    if (!map || typeof map.clear !== "function" || typeof map.has !== "function") return map;
    var out = map.clear();
    names.forEach(function (n) { if (map.has(n)) out = out.set(n, map.get(n)); });
    map.keySeq().forEach(function (k) { if (names.indexOf(k) < 0) out = out.set(k, map.get(k)); });
    return out;
  }

  function tidy(data) {
    data.keySeq().toArray().forEach(function (key) {
      var value = clean(data.get(key));
      var names = ORDER[key];
      if (names && value && typeof value.push === "function") {  // a list of objects
        value = value.map(function (item) { return ordered(item, names); });
      } else if (names && value) {
        value = ordered(value, names);
      }
      data = isEmpty(value) ? data.delete(key) : data.set(key, value);
    });
    return data;
  }

  window.CMS.registerWidget("showcase-id", IdControl);
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (args) { return tidy(args.entry.get("data")); }
  });
  window.SHOWCASE_TIDY = tidy;  // for the tests
})();
