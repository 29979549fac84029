/* vchain report: pan and zoom the map, open a partner's card, fold long rows.
   Written for this page (no library); licence: the project's (MIT). It reads nothing
   but the page itself and asks for nothing from the network. */
(function () {
  "use strict";
  var doc = document;
  doc.documentElement.classList.add("js");

  function byId(id) { return doc.getElementById(id); }

  /* -- folding: cards and explanations start folded on screen, print shows all -- */
  function setOpen(element, button, open) {
    element.classList.toggle("open", open);
    if (button) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      button.textContent = open ? button.getAttribute("data-less") : button.getAttribute("data-more");
    }
  }
  function toggleFor(button) {
    var target = byId(button.getAttribute("aria-controls"));
    if (target) setOpen(target, button, !target.classList.contains("open"));
  }
  doc.querySelectorAll("button.toggle").forEach(function (button) {
    button.addEventListener("click", function () { toggleFor(button); });
  });

  /* -- opening a partner's card from the map -- */
  var panel = byId("panel");
  var selected = null;

  function openCard(cardId, node) {
    var card = byId(cardId);
    if (!card) return;
    setOpen(card, card.querySelector("button.toggle"), true);
    if (selected) selected.classList.remove("selected");
    selected = node || null;
    if (selected) selected.classList.add("selected");
    if (!panel) return;
    var copy = card.cloneNode(true);
    copy.removeAttribute("id");
    copy.querySelectorAll("[id]").forEach(function (el) { el.removeAttribute("id"); });
    copy.querySelectorAll("button.toggle").forEach(function (el) { el.remove(); });
    copy.classList.add("open");
    var link = doc.createElement("a");
    link.href = "#" + cardId;
    link.textContent = "This card among the partner briefs";
    var where = doc.createElement("p");
    where.appendChild(link);
    copy.appendChild(where);
    panel.replaceChildren(copy);
    panel.setAttribute("data-open", cardId);
  }

  function listMembers(node) {
    if (!panel) return;
    var list = doc.createElement("ul");
    (node.getAttribute("data-members") || "").split(" ").forEach(function (cardId) {
      var card = byId(cardId);
      if (!card) return;
      var item = doc.createElement("li");
      var button = doc.createElement("button");
      button.type = "button";
      button.textContent = card.getAttribute("data-name") || cardId;
      button.addEventListener("click", function () { openCard(cardId, node); });
      item.appendChild(button);
      list.appendChild(item);
    });
    var head = doc.createElement("p");
    head.textContent = "Partners in this box:";
    panel.replaceChildren(head, list);
  }

  function activate(node) {
    if (node.hasAttribute("data-card")) openCard(node.getAttribute("data-card"), node);
    else if (node.hasAttribute("data-members")) listMembers(node);
  }

  var viewport = byId("map-viewport");
  var svg = viewport ? viewport.querySelector("svg") : null;
  if (svg) {
    svg.querySelectorAll("g[tabindex]").forEach(function (node) {
      node.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          activate(node);
        }
      });
    });
  }

  /* -- pan and zoom: the SVG's viewBox moves, so the drawing stays sharp -- */
  if (!svg || !svg.viewBox || !svg.viewBox.baseVal) return;
  var base = svg.viewBox.baseVal;
  var home = { x: base.x, y: base.y, w: base.width, h: base.height };
  var view = { x: home.x, y: home.y, w: home.w, h: home.h };

  function apply() {
    svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
  }
  function toSvg(clientX, clientY) {
    var matrix = svg.getScreenCTM();
    if (!matrix) return { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    var point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    return { x: point.x, y: point.y };
  }
  function zoom(factor, at) {
    var width = Math.min(Math.max(view.w / factor, home.w / 40), home.w * 1.5);
    var ratio = width / view.w;
    var centre = at || { x: view.x + view.w / 2, y: view.y + view.h / 2 };
    view.x = centre.x - (centre.x - view.x) * ratio;
    view.y = centre.y - (centre.y - view.y) * ratio;
    view.w = width;
    view.h = view.h * ratio;
    apply();
  }
  function pan(dx, dy) {
    view.x += dx;
    view.y += dy;
    apply();
  }
  function reset() {
    view = { x: home.x, y: home.y, w: home.w, h: home.h };
    apply();
  }
  function unitsPerPixel() {
    var matrix = svg.getScreenCTM();
    return matrix && matrix.a ? 1 / matrix.a : view.w / Math.max(svg.clientWidth, 1);
  }

  var buttons = { "map-zoom-in": function () { zoom(1.4); },
                  "map-zoom-out": function () { zoom(1 / 1.4); },
                  "map-reset": reset };
  Object.keys(buttons).forEach(function (id) {
    var button = byId(id);
    if (button) button.addEventListener("click", buttons[id]);
  });

  viewport.addEventListener("wheel", function (event) {
    event.preventDefault();
    zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, toSvg(event.clientX, event.clientY));
  }, { passive: false });

  viewport.addEventListener("keydown", function (event) {
    if (event.target !== viewport) return;
    var step = 60 * unitsPerPixel();
    var keys = { "+": function () { zoom(1.25); }, "=": function () { zoom(1.25); },
                 "-": function () { zoom(0.8); }, "0": reset,
                 "ArrowLeft": function () { pan(-step, 0); }, "ArrowRight": function () { pan(step, 0); },
                 "ArrowUp": function () { pan(0, -step); }, "ArrowDown": function () { pan(0, step); } };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    }
  });

  var pointers = {};
  var moved = 0;
  var pinch = 0;
  function distance() {
    var ids = Object.keys(pointers);
    if (ids.length < 2) return 0;
    var a = pointers[ids[0]], b = pointers[ids[1]];
    return Math.hypot(a.x - b.x, a.y - b.y);
  }
  viewport.addEventListener("pointerdown", function (event) {
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    moved = 0;
    pinch = distance();
  });
  viewport.addEventListener("pointermove", function (event) {
    var last = pointers[event.pointerId];
    if (!last) return;
    var dx = event.clientX - last.x, dy = event.clientY - last.y;
    pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
    if (Object.keys(pointers).length > 1) {
      var now = distance();
      if (pinch > 0 && now > 0) zoom(now / pinch);
      pinch = now;
      moved += 10;
      return;
    }
    moved += Math.abs(dx) + Math.abs(dy);
    if (moved > 4) {
      viewport.classList.add("dragging");
      if (!viewport.hasPointerCapture(event.pointerId)) viewport.setPointerCapture(event.pointerId);
      var scale = unitsPerPixel();
      pan(-dx * scale, -dy * scale);
    }
  });
  function release(event) {
    delete pointers[event.pointerId];
    viewport.classList.remove("dragging");
    pinch = distance();
  }
  viewport.addEventListener("pointerup", function (event) {
    var wasClick = moved <= 4;
    release(event);
    if (!wasClick) return;
    var node = event.target.closest ? event.target.closest("g[tabindex]") : null;
    if (node && svg.contains(node)) activate(node);
  });
  viewport.addEventListener("pointercancel", release);
  window.addEventListener("beforeprint", reset);
})();
