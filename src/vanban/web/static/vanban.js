// vanban's one small helper: the pages work without it; it adds the year picker that goes on
// choosing, and live totals of the quota table against the total the plan states.
"use strict";
(function () {
  function onReady(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }

  // "2" → [2, 2]; "01-02" → [1, 2]; "từ 2", "ít nhất 2" → [2, null]; "đúng 2" → [2, 2]; "" → [0, 0]; else null
  function quota(text) {
    var t = (text || "").trim().toLowerCase();
    if (t === "") { return [0, 0]; }
    var m = /^(?:đúng\s+)?([0-9]{1,7})$/.exec(t);
    if (m) { return [Number(m[1]), Number(m[1])]; }
    m = /^([0-9]{1,7})\s*[-–—]\s*([0-9]{1,7})$/.exec(t);
    if (m) { return [Number(m[1]), Number(m[2])]; }
    m = /^(?:từ|ít nhất|tối thiểu|trên|>=|≥)\s*([0-9]{1,7})$/.exec(t);
    if (m) { return [Number(m[1]), null]; }
    return null;
  }

  function shown(low, high) {
    if (high === null) { return "từ " + low; }
    return low === high ? String(low) : low + "-" + high;
  }

  function totals(table) {
    var outputs = table.querySelectorAll("output.cong");
    outputs.forEach(function (out) {
      var col = out.getAttribute("data-cot");
      var low = 0, high = 0, bad = 0;
      table.querySelectorAll("input[name^='pb.']").forEach(function (input) {
        if (!input.name.endsWith("." + col)) { return; }
        var q = quota(input.value);
        if (q === null) { bad += 1; return; }
        low += q[0];
        high = (high === null || q[1] === null) ? null : high + q[1];
      });
      var rest = table.querySelector("input[name='chi_tieu." + col + ".khong_phan_bo']");
      var extra = rest ? Number((rest.value || "0").trim()) || 0 : 0;
      low += extra;
      if (high !== null) { high += extra; }
      var stated = quota((table.querySelector("input[name='chi_tieu." + col + ".tong_so']") || {}).value);
      var text = "Phân bổ: " + shown(low, high);
      var ok = stated !== null && stated[0] === low && stated[1] === high;
      if (bad) { text += " (" + bad + " ô chưa đúng dạng)"; }
      else if (stated && !(stated[0] === 0 && stated[1] === 0)) { text += ok ? " — khớp tổng số" : " — khác tổng số " + shown(stated[0], stated[1]); }
      out.textContent = text;
      out.className = "cong " + (bad || !ok ? "lech" : "khop");
    });
  }

  onReady(function () {
    var picker = document.querySelector("[data-chon-nam] select");
    if (picker) {
      picker.addEventListener("change", function () { picker.form.submit(); });
    }
    document.querySelectorAll("table[data-chi-tieu]").forEach(function (table) {
      totals(table);
      table.addEventListener("input", function () { totals(table); });
    });
  });
})();
