/* planrev interactive redline: no network, no libraries; works from file://. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("planrev-data").textContent);
  var opinions = {};
  var changes = {};
  data.opinions.forEach(function (opinion) { opinions[opinion.id] = opinion; });
  data.changes.forEach(function (change) { changes[change.id] = change; });

  function all(selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  }
  function withAttribute(name, value) {
    return all("[" + name + "]").filter(function (element) {
      return element.getAttribute(name) === value;
    });
  }
  function clear() {
    all(".hl").forEach(function (element) { element.classList.remove("hl"); });
    all(".selected").forEach(function (element) { element.classList.remove("selected"); });
  }
  function say(lines) {
    var detail = document.getElementById("detail");
    while (detail.firstChild) { detail.removeChild(detail.firstChild); }
    lines.forEach(function (line, index) {
      var paragraph = document.createElement("div");
      paragraph.textContent = line;
      if (index === 0) { paragraph.className = "label"; }
      detail.appendChild(paragraph);
    });
  }
  function reveal(elements) {
    var inDocument = elements.filter(function (element) {
      return !element.closest(".panel");
    });
    if (inDocument.length && inDocument[0].scrollIntoView) {
      inDocument[0].scrollIntoView({ block: "center" });
    }
  }

  function selectOpinion(id) {
    var opinion = opinions[id];
    if (!opinion) { return; }
    clear();
    withAttribute("data-opinion", id).forEach(function (element) {
      element.classList.add("selected");
    });
    var marked = [];
    opinion.changes.forEach(function (changeId) {
      withAttribute("data-change", changeId).forEach(function (element) {
        element.classList.add("hl");
        marked.push(element);
      });
    });
    var lines = ["意見" + opinion.number + "（" + opinion.disposition + "）", opinion.text];
    if (opinion.changes.length) {
      lines.push("→ " + opinion.changes.map(function (changeId) {
        var change = changes[changeId];
        return change ? change.label + "（" + change.location + "）" : changeId;
      }).join("、"));
    } else {
      lines.push("→ 本文の変更なし");
    }
    say(lines);
    reveal(marked);
  }

  function selectChange(id) {
    var change = changes[id];
    if (!change) { return; }
    clear();
    var marked = withAttribute("data-change", id);
    marked.forEach(function (element) { element.classList.add("hl"); });
    var lines = ["【" + change.label + "】" + change.location];
    change.opinion_ids.forEach(function (opinionId) {
      withAttribute("data-opinion", opinionId).forEach(function (element) {
        element.classList.add("selected");
      });
      var opinion = opinions[opinionId];
      if (opinion) { lines.push("意見" + opinion.number + ": " + opinion.text); }
    });
    if (change.reason) { lines.push("※" + change.reason); }
    if (!change.explained) { lines.push("理由の記録がありません（意見も注記もない変更）"); }
    say(lines);
    reveal(marked);
  }

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-opinion], [data-change]");
    if (!target) { return; }
    if (target.hasAttribute("data-opinion")) {
      selectOpinion(target.getAttribute("data-opinion"));
    } else {
      selectChange(target.getAttribute("data-change"));
    }
  });

  data.changes.forEach(function (change) {
    if (!change.explained) {
      withAttribute("data-change", change.id).forEach(function (element) {
        element.classList.add("unexplained");
      });
    }
  });
  var filter = document.getElementById("only-unexplained");
  filter.addEventListener("change", function () {
    document.body.classList.toggle("only-unexplained", filter.checked);
  });
}());
