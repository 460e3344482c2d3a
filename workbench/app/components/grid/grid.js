// The editor grid: German and English side by side, one row per segment, run by the keyboard.
//
// Contract with Python (workbench/app/components/editor.py, workbench/app/editor_events.py):
// - `data` brings one page of rows (grid_rows.page_rows), the acknowledged sequence number
//   `ack` for this grid's `token`, the segment to focus (`focus`, applied when
//   `focus_request` goes up), questions (`asks`), errors and paging; `poll_ms` while the
//   document is being translated (the grid asks to be drawn again that long after each
//   drawing), and `drawing` ([editor id, number]): an older drawing than the one shown is ignored.
// - Every gesture becomes an event in `pending`, numbered; the whole unacknowledged queue is
//   sent with each trigger, so a gesture is never lost when the browser is faster than the
//   server, and Python applies each number once. The grid never shows a text as saved before
//   Python has acknowledged it and the row's stored English equals it.
// - User text is only ever set with textContent / value; `*_html` fields are escaped by Python.
// - One Grid per document per page (`data.grid`), kept across mounts: when Streamlit draws the
//   component afresh (the translation finishing, a filter hiding and showing the rows), the
//   same Grid moves into the new element with its boxes, unsent text, queue and cursor, so
//   nothing typed is lost and no second queue resends old gestures.

const SAVE_AFTER_MS = 700;
const RESEND_AFTER_MS = 2500;
const POLL_AGAIN_MS = 3000;

function newToken() {
  return Math.random().toString(36).slice(2) + Date.now().toString(36);
}

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
}

function button(label, title, onClick) {
  const b = el("button", "wb-btn", label);
  b.type = "button";
  b.tabIndex = -1; // Tab goes from one English box to the next; buttons are for the mouse
  if (title) b.title = title;
  b.addEventListener("mousedown", (e) => e.preventDefault()); // keep the cursor in the box
  b.addEventListener("click", onClick);
  return b;
}

class Grid {
  constructor(parent) {
    this.token = newToken();
    this.seq = 0;
    this.sends = 0;
    this.renders = 0; // how often Python drew it (for diagnosis)
    this.pending = [];
    this.rows = new Map(); // segment id -> row state
    this.active = null; // index of the row with the cursor
    this.cursor = null; // the row whose box has the cursor (kept when the element is redrawn)
    this.focusRequest = 0;
    this.data = null;
    this.root = el("div", "wb-grid");
    this.root.setAttribute("data-testid", "wb-grid");
    this.pager = el("div", "wb-pager");
    this.body = el("div", "wb-rows");
    this.notice = el("div", "wb-notice");
    this.root.append(this.notice, this.body, this.pager);
    parent.appendChild(this.root);
    this.resendTimer = null;
    this.pollTimer = null;
    this.pollMs = 0;
    this.drawer = "";
    this.drawn = 0;
    // Boxes grow with their text; a wider or narrower column changes that too.
    this.resize = new ResizeObserver(() => this.growAll());
    this.resize.observe(this.body);
    this.width = 0;
  }

  // Streamlit drew the component in a new element: move in, and give the cursor back if it
  // was in a box (taking it away would send the next keys nowhere).
  attach(parent) {
    if (this.root.parentNode === parent) return;
    parent.appendChild(this.root);
    const lost = !document.activeElement || document.activeElement === document.body;
    if (this.cursor && lost && this.rows.get(this.cursor.id) === this.cursor) {
      this.cursor.ta.focus({ preventScroll: true });
    }
  }

  growAll() {
    const width = this.body.clientWidth;
    if (width === this.width && !this.dirtyHeights) return;
    this.width = width;
    this.dirtyHeights = false;
    for (const row of this.rows.values()) this.grow(row.ta);
  }

  // -- events to Python ---------------------------------------------------------------------
  queue(event) {
    event.seq = ++this.seq;
    this.pending.push(event);
    this.flush();
  }

  flush() {
    if (!this.pending.length || !this.trigger) return;
    this.send();
    clearTimeout(this.resendTimer);
    this.resendTimer = setTimeout(() => this.flush(), RESEND_AFTER_MS);
  }

  send() {
    // `sent` makes every (re)send a new value: a resend is never taken for the same trigger
    this.trigger("events", { token: this.token, sent: ++this.sends, items: this.pending.slice() });
  }

  // While the document is being translated, ask Python to draw the grid again `ms` after each
  // drawing: the rows come in as they are translated, never faster than the server draws
  // them. A request lost on the way is sent again.
  poll(ms) {
    clearTimeout(this.pollTimer);
    this.pollMs = ms;
    this.pollTimer = ms ? setTimeout(() => this.askForRows(), ms) : null;
  }

  askForRows() {
    if (!this.root.isConnected || !this.trigger) return; // the document was closed
    this.send();
    this.pollTimer = setTimeout(() => this.askForRows(), POLL_AGAIN_MS);
  }

  // Streamlit drew the grid (in `parent`, maybe a new element). A drawing older than the one
  // shown (Streamlit can call an element it replaced late) is kept out, so neither its rows
  // nor its trigger replace the newer ones.
  show(parent, data, trigger) {
    const [drawer, number] = data.drawing || ["", 0];
    if (drawer === this.drawer && number < this.drawn) return false;
    this.attach(parent);
    this.render(data, trigger);
    return true;
  }

  pendingFor(index) {
    return this.pending.some((e) => e.index === index);
  }

  // -- drawing --------------------------------------------------------------------------------
  render(data, trigger) {
    this.renders += 1;
    [this.drawer, this.drawn] = data.drawing || ["", 0];
    this.trigger = trigger;
    this.data = data;
    if (data.token === this.token) {
      this.pending = this.pending.filter((e) => e.seq > data.ack);
      if (!this.pending.length) clearTimeout(this.resendTimer);
    }
    this.notice.textContent = data.notice || "";
    this.notice.hidden = !data.notice;
    const seen = new Set();
    let previous = null;
    for (const rowData of data.rows) {
      seen.add(rowData.id);
      let row = this.rows.get(rowData.id);
      if (!row) {
        row = this.makeRow(rowData);
        this.rows.set(rowData.id, row);
      }
      this.updateRow(row, rowData);
      const after = previous ? previous.el.nextSibling : this.body.firstChild;
      if (row.el !== after) this.body.insertBefore(row.el, after);
      previous = row;
    }
    for (const [id, row] of this.rows) {
      if (!seen.has(id)) {
        row.el.remove();
        this.rows.delete(id);
      }
    }
    this.drawPager(data);
    this.growAll();
    if (data.focus_request > this.focusRequest) {
      this.focusRequest = data.focus_request;
      const target = this.rowByIndex(data.focus);
      if (target) this.focusRow(target, true);
    }
    this.poll(data.poll_ms || 0);
    if (this.pending.length) this.flush(); // a trigger may have been lost between runs
  }

  rowByIndex(index) {
    for (const row of this.rows.values()) if (row.index === index) return row;
    return null;
  }

  orderedRows() {
    return Array.from(this.body.children).map((node) => node.__row);
  }

  makeRow(rowData) {
    const row = { id: rowData.id, lastKnown: rowData.target, timer: null };
    row.el = el("div", "wb-row");
    row.el.__row = row;
    row.el.setAttribute("data-testid", "wb-row");
    row.para = el("div", "wb-para");
    row.num = el("div", "wb-num");
    row.src = el("div", "wb-src");
    row.src.lang = "de";
    row.tgtCell = el("div", "wb-tgt");
    row.ta = el("textarea", "wb-box");
    row.ta.lang = "en";
    row.ta.spellcheck = true;
    row.ta.rows = 1;
    row.ta.value = rowData.target;
    row.state = el("div", "wb-state");
    row.tgtCell.append(row.ta, row.state);
    row.flags = el("div", "wb-flags");
    row.details = el("div", "wb-details");
    row.el.append(row.para, row.num, row.src, row.tgtCell, row.flags, row.details);
    row.ta.addEventListener("input", () => this.onInput(row));
    row.ta.addEventListener("keydown", (e) => this.onKey(row, e));
    row.ta.addEventListener("focus", () => {
      this.cursor = row;
      this.setActive(row);
    });
    row.ta.addEventListener("blur", () => {
      // Chrome also blurs a box that is being moved or removed with its element (still
      // connected at that moment): only once that is over can a blur be told apart from the
      // person leaving the box, who takes the cursor with them.
      queueMicrotask(() => {
        if (row.ta.isConnected && document.activeElement !== row.ta && this.cursor === row) {
          this.cursor = null;
        }
      });
      this.saveNow(row);
    });
    return row;
  }

  updateRow(row, d) {
    row.index = d.index;
    row.data = d;
    row.el.dataset.index = d.index;
    row.el.dataset.status = d.status;
    row.el.classList.toggle("wb-para-start", d.para_start);
    row.para.textContent = d.para_label || "";
    row.para.hidden = !d.para_label;
    row.num.replaceChildren(
      el("span", "wb-n", String(d.n)),
      el("span", `wb-status wb-st-${d.status}`, d.status_short),
    );
    row.num.title = d.status_label;
    if (row.splitting) this.drawSplitPoints(row);
    else row.src.innerHTML = d.source_html; // escaped by Python (grid_rows / highlight)
    row.ta.setAttribute("aria-label", `English, segment ${d.n}`);
    if (!this.pendingFor(d.index) && row.ta.value === row.lastKnown) {
      if (row.ta.value !== d.target) row.ta.value = d.target;
      row.lastKnown = d.target;
    }
    this.dirtyHeights = true;
    row.flags.replaceChildren(
      ...d.flags.map((f) => {
        const chip = el("span", `wb-flag wb-flag-${f.code}`, f.label);
        chip.title = f.message;
        return chip;
      }),
    );
    this.drawState(row);
    this.drawDetails(row);
  }

  drawState(row) {
    const d = row.data;
    const error = (this.data.errors || {})[d.index];
    const dirty = row.ta.value !== d.target;
    let text = "saved";
    let cls = "wb-saved";
    if (error) {
      text = "Not saved: " + error;
      cls = "wb-error";
    } else if (dirty && this.pendingFor(d.index)) {
      text = "saving…";
      cls = "wb-saving";
    } else if (dirty) {
      text = "not saved yet";
      cls = "wb-saving";
    } else if (d.status === "confirmed") {
      text = "confirmed";
      cls = "wb-confirmed";
    }
    row.state.textContent = text;
    row.state.className = "wb-state " + cls;
  }

  drawDetails(row) {
    const d = row.data;
    const active = d.index === this.active;
    const ask = (this.data.asks || {})[d.index];
    row.el.classList.toggle("wb-active", active);
    const parts = [];
    if (ask) parts.push(this.askBox(row, ask));
    if (d.conflict) parts.push(this.conflictBox(row, d.conflict));
    if (active) parts.push(...this.activeDetails(row));
    row.details.replaceChildren(...parts);
    row.details.hidden = !parts.length;
  }

  activeDetails(row) {
    const d = row.data;
    const parts = [];
    if (d.terms.length) {
      const terms = el("div", "wb-terms", "Terms: ");
      for (const t of d.terms) {
        const chip = el("span", `wb-term wb-hit wb-${t.status}`, `${t.source} → ${t.target}`);
        chip.append(el("small", "", ` (${t.status})`));
        chip.title = t.label;
        terms.append(chip, " ");
      }
      parts.push(terms);
    }
    if (d.machine) parts.push(el("div", "wb-mt", "Machine translation: " + d.machine));
    if (d.flags.length) {
      const why = el("div", "wb-why");
      for (const f of d.flags) why.append(el("div", "", `${f.label}: ${f.message}`));
      parts.push(why);
    }
    const tools = el("div", "wb-tools");
    tools.append(
      button("Confirm ⌃⏎", "Confirm and go to the next unconfirmed segment (Ctrl+Enter)", () =>
        this.confirmAndNext(row),
      ),
    );
    if (d.status === "confirmed") {
      tools.append(button("Unconfirm", "Mark as not confirmed", () => this.gesture(row, "unconfirm")));
    }
    tools.append(
      button("Undo", "Bring back the text before the last change", () => this.gesture(row, "undo")),
      button("Reset to MT", "Put the machine translation back", () => this.gesture(row, "reset")),
      button("Retranslate", "Ask the model again", () => this.gesture(row, "retranslate")),
      button("Copy source", "Copy the German into the box (Ctrl+Shift+S)", () => this.copySource(row)),
      button("Join with next", "Join this segment with the next one of its paragraph", () =>
        this.gesture(row, "join"),
      ),
      button(row.splitting ? "Cancel split" : "Split…", "Split this segment in two", () =>
        this.toggleSplit(row),
      ),
    );
    parts.push(tools);
    for (const alt of d.alternatives || []) {
      const line = el("div", "wb-alt");
      const pick = button(`Alternative ${alt.n}`, `Use alternative ${alt.n} (Ctrl+Shift+${alt.n})`, () =>
        this.gesture(row, "alternative", { n: alt.n }),
      );
      const text = el("span", "wb-alt-text");
      text.innerHTML = alt.diff_html; // escaped by Python
      line.append(pick, " ", text);
      if (alt.breaks.length) line.append(el("span", "wb-breaks", " breaks the glossary: " + alt.breaks.join(", ")));
      parts.push(line);
    }
    if ((d.history || []).length) {
      const box = el("details", "wb-history");
      box.append(el("summary", "", `History (${d.history.length})`));
      for (const h of d.history) {
        const line = el("div", "wb-hist");
        line.append(
          el("span", "wb-when", `${h.when} · ${h.status} · replaced by ${h.action}: `),
          el("span", "wb-hist-text", h.text),
          " ",
          button("Restore", "Bring this version back", () =>
            this.gesture(row, "restore", { revision: h.revision, replaced_at: h.replaced_at }),
          ),
        );
        box.append(line);
      }
      parts.push(box);
    }
    return parts;
  }

  toggleSplit(row) {
    row.splitting = !row.splitting;
    if (row.splitting) this.drawSplitPoints(row);
    else row.src.innerHTML = row.data.source_html; // escaped by Python
    this.drawDetails(row);
  }

  drawSplitPoints(row) {
    // The German as words with a cut mark between them: a click splits there.
    const source = row.data.source;
    const parts = [];
    const spaces = /\s+/g;
    let last = 0;
    let match;
    while ((match = spaces.exec(source)) !== null) {
      parts.push(document.createTextNode(source.slice(last, match.index)));
      const at = match.index;
      const cut = button("✂", "Split here", () => {
        row.splitting = false;
        this.gesture(row, "split", { at });
      });
      cut.classList.add("wb-cut");
      parts.push(cut);
      last = match.index + match[0].length;
    }
    parts.push(document.createTextNode(source.slice(last)));
    row.src.replaceChildren(...parts);
  }

  askBox(row, ask) {
    const box = el("div", "wb-ask");
    box.setAttribute("role", "alertdialog");
    box.append(
      el(
        "span",
        "",
        `This replaces your ${row.data.status_label} text with machine text (${ask.type}). ` +
          "Your text stays in the segment's history. ",
      ),
      button("Replace my text", "", () => this.gesture(row, ask.type, { ...ask, replace: true })),
      button("Keep my text", "", () => this.queue({ type: "ask-cancel", index: row.index, id: row.id })),
    );
    return box;
  }

  conflictBox(row, conflict) {
    const box = el("div", "wb-conflict");
    box.append(
      el("div", "", "Changed in another tab or window since you opened it. Nothing was overwritten."),
      el("div", "wb-theirs", `Saved elsewhere (${conflict.status}): ${conflict.theirs}`),
      button("Keep mine", "", () => this.gesture(row, "resolve", { keep: "mine" })),
      button("Take the saved version", "", () => this.gesture(row, "resolve", { keep: "theirs" })),
    );
    return box;
  }

  drawPager(data) {
    const parts = [];
    if (data.pages > 1) {
      parts.push(el("span", "", `Page ${data.page} of ${data.pages} · `));
      if (data.prev_index !== null)
        parts.push(button("◀ Previous page", "", () => this.goto(data.prev_index)));
      if (data.next_index !== null)
        parts.push(button("Next page ▶", "", () => this.goto(data.next_index)));
    }
    this.pager.replaceChildren(...parts);
    this.pager.hidden = !parts.length;
  }

  grow(ta) {
    ta.style.height = "auto";
    ta.style.height = ta.scrollHeight + 2 + "px";
  }

  // -- gestures -------------------------------------------------------------------------------
  onInput(row) {
    this.grow(row.ta);
    this.drawState(row);
    clearTimeout(row.timer);
    row.timer = setTimeout(() => this.saveNow(row), SAVE_AFTER_MS);
  }

  saveNow(row) {
    clearTimeout(row.timer);
    if (row.ta.value === row.lastKnown) return;
    row.lastKnown = row.ta.value;
    this.queue({ type: "save", index: row.index, id: row.id, text: row.ta.value });
    this.drawState(row);
  }

  gesture(row, type, extra = {}) {
    this.saveNow(row); // the typed text first: a gesture never races the edit before it
    this.queue({ ...extra, type, index: row.index, id: row.id });
  }

  copySource(row) {
    row.ta.value = row.data.source;
    this.onInput(row);
    this.saveNow(row);
  }

  confirmAndNext(row) {
    clearTimeout(row.timer);
    row.lastKnown = row.ta.value;
    const rows = this.orderedRows();
    const here = rows.indexOf(row);
    const next = rows.slice(here + 1).find((r) => r.data.status !== "confirmed");
    // the text travels with the confirm: what is confirmed is exactly what was in the box
    this.queue({ type: "confirm", index: row.index, id: row.id, text: row.ta.value, advance: !next });
    row.data = { ...row.data, status: "confirmed" };
    row.el.dataset.status = "confirmed";
    if (next) this.focusRow(next, true);
  }

  move(row, delta) {
    this.saveNow(row);
    const rows = this.orderedRows();
    const target = rows[rows.indexOf(row) + delta];
    if (target) this.focusRow(target, true);
    else if (delta > 0 && this.data.next_index !== null) this.goto(this.data.next_index);
    else if (delta < 0 && this.data.prev_index !== null) this.goto(this.data.prev_index);
  }

  goto(index) {
    this.queue({ type: "goto", index, id: "" });
  }

  focusRow(row, scroll) {
    row.ta.focus();
    const end = row.ta.value.length;
    row.ta.setSelectionRange(end, end);
    if (scroll) row.el.scrollIntoView({ block: "nearest" });
  }

  setActive(row) {
    if (this.active === row.index) return;
    const before = this.rowByIndex(this.active);
    this.active = row.index;
    if (before) this.drawDetails(before);
    this.drawDetails(row);
    this.queue({ type: "focus", index: row.index, id: row.id });
  }

  onKey(row, e) {
    if (e.isComposing) return;
    const ctrl = e.ctrlKey || e.metaKey;
    if (ctrl && e.key === "Enter") {
      e.preventDefault();
      this.confirmAndNext(row);
    } else if (e.altKey && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      this.move(row, e.key === "ArrowDown" ? 1 : -1);
    } else if (e.key === "Enter" && !e.shiftKey && !ctrl && !e.altKey) {
      e.preventDefault(); // a segment is one sentence: Enter goes on to the next one
      this.move(row, 1);
    } else if (ctrl && e.shiftKey && e.code === "KeyS") {
      e.preventDefault();
      this.copySource(row);
    } else if (ctrl && e.shiftKey && /^Digit[1-9]$/.test(e.code)) {
      e.preventDefault();
      this.gesture(row, "alternative", { n: Number(e.code.slice(5)) });
    }
  }
}

// The page's grids by document (`data.grid`): they outlive the elements Streamlit draws them in.
const GRIDS = (window.__wbGrids = window.__wbGrids || new Map());

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  let grid = GRIDS.get(data.grid);
  if (!grid) {
    grid = new Grid(parentElement);
    GRIDS.set(data.grid, grid);
  }
  grid.show(parentElement, data, setTriggerValue);
}
