// The council page of `decreec serve`: a form generated from a round's case-record schema, the
// verdict with its citations, and a roster decided whole. It talks to the service's /v1 API only.
'use strict';

const words = {
  vi: {
    title: 'Xét điều kiện đặc xá', round: 'Đợt đặc xá', token: 'Mã truy cập', token_save: 'Dùng mã này',
    tab_one: 'Một hồ sơ', tab_roster: 'Danh sách', load: 'Mở hồ sơ (JSON)…', clear: 'Xoá trắng',
    download_record: 'Tải hồ sơ (JSON)', no_assumptions: 'Không dựa trên giả định',
    unknown_hint: 'Ô để trống, và lựa chọn «Chưa rõ», nghĩa là chưa biết: khác với «Không».',
    decide: 'Xét', explanation: 'Giải trình', print: 'In hồ sơ',
    roster_hint: 'Một danh sách hồ sơ: JSON Lines (một hồ sơ một dòng), một mảng JSON, hoặc CSV có dòng tiêu đề là đường dẫn trường (ví dụ sentence.term.years; danh sách ghi bằng JSON trong ô).',
    roster_pick: 'Chọn tệp danh sách…', roster_go: 'Xét cả danh sách', csv_template: 'Tải mẫu CSV',
    dl_jsonl: 'Kết quả (JSON Lines)', dl_csv: 'Kết quả (CSV)', dl_report: 'Báo cáo (HTML)',
    col_line: 'Dòng', col_id: 'Mã hồ sơ', col_name: 'Họ tên', col_verdict: 'Kết quả', col_detail: 'Chi tiết',
    footer: 'Decree — kết quả kèm viện dẫn điều khoản; hội đồng xét duyệt quyết định.',
    yes: 'Có', no: 'Không', unknown: 'Chưa rõ', years: 'năm', months: 'tháng', days: 'ngày',
    add: 'Thêm', remove: 'Bỏ', item: 'Mục', list_unknown: 'chưa rõ (không có thông tin)', list_empty: 'không có mục nào',
    list_known: 'Danh sách đã biết', choose: '— chưa rõ —',
    eligible: 'Đủ điều kiện', not_eligible: 'Không đủ điều kiện', undetermined: 'Chưa xác định', error: 'Lỗi',
    failed: 'Điều khoản không đạt', applied: 'Điều khoản được áp dụng', missing: 'Còn thiếu các thông tin sau, bấm để điền:',
    assumptions: 'Số giả định mà kết quả dựa vào:', rests: 'dựa trên giả định',
    signed: 'ký ngày', digest: 'mã nội dung', decided_at: 'Xét lúc', by_round: 'Theo',
    bad_value: 'giá trị không hợp lệ', fix_first: 'Có ô chưa hợp lệ, hãy sửa trước khi xét.',
    not_json: 'Tệp này không phải một hồ sơ JSON', loaded: 'Đã mở hồ sơ',
    reading: 'Đang xét…', lines: 'dòng', records: 'hồ sơ', all_accounted: 'Mọi dòng đều có kết quả.',
    lost: 'Thiếu kết quả cho các dòng', csv_cells: 'dòng CSV có {n} ô, dòng tiêu đề có {m}',
    csv_value: 'cột «{c}»: {v} không đọc được', shown_first: 'Chỉ hiện {n} dòng đầu; tải kết quả để xem đủ.',
    lang_name: 'Tiếng Việt', no_rounds: 'Máy chủ không phục vụ đợt nào.', network: 'Không kết nối được với máy chủ',
    need_token: 'Máy chủ yêu cầu mã truy cập.', paraphrase: 'diễn giải',
    considered: 'Các điều khoản đã xét', col_cite: 'Điều khoản', col_outcome: 'Kết quả xét', col_text: 'Nội dung',
    holds: 'đạt', fails: 'không đạt', applies: 'thuộc trường hợp loại trừ', does_not_apply: 'không thuộc',
    not_applicable: 'không áp dụng', 'outcome_unknown': 'chưa xác định'
  },
  en: {
    title: 'Amnesty eligibility', round: 'Amnesty round', token: 'Access token', token_save: 'Use this token',
    tab_one: 'One case file', tab_roster: 'Roster', load: 'Open a case file (JSON)…', clear: 'Clear',
    download_record: 'Download the case file (JSON)', no_assumptions: 'Do not rest on assumptions',
    unknown_hint: 'An empty box, and the choice “Unknown”, mean not known: not the same as “No”.',
    decide: 'Decide', explanation: 'Explanation', print: 'Print the dossier',
    roster_hint: 'A roster of case files: JSON Lines (one record a line), a JSON array, or CSV whose header row holds field paths (e.g. sentence.term.years; lists written as JSON in a cell).',
    roster_pick: 'Choose a roster file…', roster_go: 'Decide the roster', csv_template: 'Download a CSV template',
    dl_jsonl: 'Results (JSON Lines)', dl_csv: 'Results (CSV)', dl_report: 'Report (HTML)',
    col_line: 'Line', col_id: 'Case id', col_name: 'Name', col_verdict: 'Verdict', col_detail: 'Detail',
    footer: 'Decree — verdicts with the provisions they rest on; the council decides.',
    yes: 'Yes', no: 'No', unknown: 'Unknown', years: 'years', months: 'months', days: 'days',
    add: 'Add', remove: 'Remove', item: 'Item', list_unknown: 'unknown (no information)', list_empty: 'no items',
    list_known: 'List known', choose: '— unknown —',
    eligible: 'Eligible', not_eligible: 'Not eligible', undetermined: 'Undetermined', error: 'Error',
    failed: 'Provisions not met', applied: 'Provisions applied', missing: 'These facts are missing; click one to fill it in:',
    assumptions: 'Assumptions the verdict rests on:', rests: 'rests on assumptions',
    signed: 'signed', digest: 'content digest', decided_at: 'Decided at', by_round: 'Under',
    bad_value: 'not a valid value', fix_first: 'Some boxes hold invalid values; correct them first.',
    not_json: 'This file is not a JSON case file', loaded: 'Opened',
    reading: 'Deciding…', lines: 'lines', records: 'records', all_accounted: 'Every line has its result.',
    lost: 'No result for lines', csv_cells: 'CSV row has {n} cells, the header has {m}',
    csv_value: 'column “{c}”: cannot read {v}', shown_first: 'Only the first {n} rows are shown; download the results for all.',
    lang_name: 'English', no_rounds: 'The server serves no round.', network: 'Cannot reach the server',
    need_token: 'The server asks for an access token.', paraphrase: 'paraphrase',
    considered: 'Provisions considered', col_cite: 'Provision', col_outcome: 'Outcome', col_text: 'Text',
    holds: 'met', fails: 'not met', applies: 'exclusion applies', does_not_apply: 'does not apply',
    not_applicable: 'not applicable', 'outcome_unknown': 'undetermined'
  }
};

const state = {
  lang: localStorage.getItem('decree.lang') === 'en' ? 'en' : 'vi',
  token: sessionStorage.getItem('decree.token') || '',
  rounds: [],
  round: null,      // the chosen round's description
  schema: null,
  root: null,       // the form's root widget
  fields: new Map(), // JSON path -> widget
  last: null,       // the last result shown
  roster: null      // {name, lines: [...], notes: Map(line -> text)}
};

const $ = (id) => document.getElementById(id);
const t = (k, vars) => {
  let s = (words[state.lang] && words[state.lang][k]) || words.vi[k] || k;
  if (vars) for (const [n, v] of Object.entries(vars)) s = s.replace('{' + n + '}', v);
  return s;
};
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

// ---- talking to the service ------------------------------------------------------------

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  if (state.token) headers.Authorization = 'Bearer ' + state.token;
  let res;
  try {
    res = await fetch(path, Object.assign({}, options, { headers }));
  } catch (e) {
    throw { title: t('network'), detail: String(e.message || e) };
  }
  if (res.status === 401) {
    $('token-box').hidden = false;
    throw { title: t('need_token'), detail: '' };
  }
  if (!res.ok) {
    let p = { title: res.status + ' ' + res.statusText, detail: '' };
    try {
      const j = await res.json();
      p = { title: (state.lang === 'vi' && j.title_vi) || j.title, detail: (state.lang === 'vi' && j.detail_vi) || j.detail || '' };
    } catch (_) { /* not a problem document */ }
    throw p;
  }
  return res;
}

function showProblem(p) {
  const box = $('problem');
  if (!p) { box.hidden = true; box.textContent = ''; return; }
  box.hidden = false;
  box.textContent = p.title + (p.detail ? ': ' + p.detail : '');
}

// ---- the schema ------------------------------------------------------------------------

function resolve(s) {
  let n = 0;
  while (s && s.$ref && n++ < 32) s = state.schema.$defs[s.$ref.split('/').pop()];
  return s;
}

// What a schema node asks for: the kind of input and what it needs.
function kindOf(node) {
  let s = node;
  if (s.anyOf) s = s.anyOf.find((x) => x.type !== 'null') || s.anyOf[0];
  const ref = s.$ref ? s.$ref.split('/').pop() : null;
  s = resolve(s);
  if (s.enum) return { kind: 'enum', values: s.enum, labels: s['x-decree-labels'] || {}, name: ref };
  if (s.type === 'boolean') return { kind: 'bool' };
  if (s.type === 'integer') return { kind: 'int' };
  if (Array.isArray(s.type)) return { kind: 'number' };
  if (s.type === 'array') return { kind: 'list', items: s.items };
  if (s.type === 'object' && ref === null && s.properties && s.properties.years) return { kind: 'duration' };
  if (s.type === 'object') return { kind: 'record', schema: s, name: ref };
  if (s.type === 'string' && s.format === 'date') return { kind: 'date' };
  if (s.type === 'string' && s.pattern === '^[0-9]+$') return { kind: 'money' };
  if (s.type === 'string' && s.pattern) return { kind: 'article', pattern: s.pattern };
  return { kind: 'text' };
}

function labelOf(node, name) {
  const l = node['x-decree-label'];
  if (l && l[state.lang]) return l[state.lang];
  if (l && (l.vi || l.en)) return l.vi || l.en;
  return name;
}

function enumLabel(k, v) {
  const l = k.labels[v];
  return (l && (l[state.lang] || l.vi || l.en)) || v;
}

// ---- the form: one widget per field, each able to give and take its JSON value -----------

let uid = 0;

function widgetFor(node, path, name) {
  const k = kindOf(node);
  const w = { path, name, node, k, label: labelOf(node, name) };
  state.fields.set(path, w);
  const id = 'f' + (++uid);
  w.id = id;
  // A field's doc string is "Vietnamese term — English meaning": the hint is the part the
  // label does not already say.
  let hint = null;
  if (node.description) {
    const at = node.description.indexOf(' — ');
    const term = at < 0 ? node.description : node.description.slice(0, at);
    const meaning = at < 0 ? '' : node.description.slice(at + 3);
    const shown = state.lang === 'en' ? meaning || (term !== w.label ? term : '') : term !== w.label ? term : '';
    if (shown) hint = el('span', { class: 'hint', text: shown });
  }
  const row = (control, forId) => el('div', { class: 'field', 'data-path': path },
    el(forId ? 'label' : 'span', forId ? { for: forId } : { class: 'label' }, el('span', { class: 'name', text: w.label }), hint), control);
  const markUnknown = (input) => input.classList.toggle('unknown', input.value === '');
  switch (k.kind) {
    case 'bool': {
      const group = el('span', { class: 'tri', role: 'radiogroup', 'aria-label': w.label, id });
      const choices = [['true', t('yes')], ['false', t('no')], ['', t('unknown')]];
      const inputs = choices.map(([v, text]) => {
        const input = el('input', { type: 'radio', name: id, value: v, 'data-choice': v === '' ? 'unknown' : v });
        if (v === '') input.checked = true;
        group.append(el('label', { class: v === '' ? 'unk' : '' }, input, el('span', { text })));
        return input;
      });
      w.get = () => { const c = inputs.find((i) => i.checked); return c && c.value !== '' ? c.value === 'true' : null; };
      w.set = (v) => { for (const i of inputs) i.checked = i.value === (v === true ? 'true' : v === false ? 'false' : ''); };
      w.focus = () => inputs[2].focus();
      w.dom = row(group, null);
      break;
    }
    case 'enum': {
      const sel = el('select', { id, 'data-kind': 'enum' }, el('option', { value: '', text: t('choose') }),
        ...k.values.map((v) => el('option', { value: v, text: enumLabel(k, v) })));
      sel.addEventListener('change', () => markUnknown(sel));
      markUnknown(sel);
      w.get = () => (sel.value === '' ? null : sel.value);
      w.set = (v) => { sel.value = v === null || v === undefined ? '' : String(v); if (sel.value !== String(v ?? '')) sel.value = ''; markUnknown(sel); };
      w.focus = () => sel.focus();
      w.dom = row(sel, id);
      break;
    }
    case 'duration': {
      const parts = ['years', 'months', 'days'].map((u) => {
        const input = el('input', { type: 'number', min: '0', step: '1', inputmode: 'numeric', 'data-unit': u, id: u === 'years' ? id : null,
          placeholder: '–', 'aria-label': w.label + ' (' + t(u) + ')' });
        input.addEventListener('input', () => markUnknown(input));
        markUnknown(input);
        return input;
      });
      const box = el('span', { class: 'duration' });
      parts.forEach((p, i) => box.append(p, el('span', { text: t(['years', 'months', 'days'][i]) })));
      w.get = () => {
        const out = {};
        let any = false;
        parts.forEach((p, i) => {
          if (p.value.trim() === '') return;
          const n = Number(p.value);
          if (!Number.isInteger(n) || n < 0) throw { widget: w, input: p };
          out[['years', 'months', 'days'][i]] = n;
          any = true;
        });
        return any ? out : null;
      };
      w.set = (v) => {
        parts.forEach((p, i) => {
          const u = ['years', 'months', 'days'][i];
          p.value = v && v[u] !== undefined && v[u] !== null ? String(v[u]) : '';
          markUnknown(p);
        });
      };
      w.focus = () => parts[0].focus();
      w.dom = row(box, id);
      break;
    }
    case 'record': {
      const fs = el('fieldset', { 'data-path': path, id }, el('legend', { text: w.label }));
      if (hint) fs.append(hint);
      const props = k.schema.properties || {};
      w.children = Object.keys(props).map((n) => widgetFor(props[n], path + '.' + n, n));
      for (const c of w.children) fs.append(c.dom);
      w.get = () => {
        const out = {};
        let any = false;
        for (const c of w.children) {
          const v = c.get();
          if (v !== null) { out[c.name] = v; any = true; }
        }
        return any || path === '$' ? out : null;
      };
      w.set = (v) => { for (const c of w.children) c.set(v && typeof v === 'object' ? v[c.name] ?? null : null); };
      w.focus = () => fs.scrollIntoView({ block: 'center' });
      w.dom = fs;
      break;
    }
    case 'list': {
      const items = el('div', { class: 'list-items' });
      const known = el('input', { type: 'checkbox', 'data-list-known': path });
      const stateText = el('span', { class: 'list-state' });
      const fs = el('fieldset', { 'data-path': path, id },
        el('legend', {}, w.label, el('label', { class: 'list-state' }, known, ' ' + t('list_known')), stateText));
      if (hint) fs.append(hint);
      w.items = [];
      const refresh = () => {
        w.items.forEach((it, i) => { it.head.textContent = t('item') + ' ' + (i + 1); });
        stateText.textContent = !known.checked ? ' — ' + t('list_unknown') : w.items.length === 0 ? ' — ' + t('list_empty') : '';
      };
      const renumber = () => {
        // Paths follow the items' positions: rebuild them all from their values.
        const values = w.items.map((it) => it.widget.get());
        w.set(values);
      };
      const addItem = (value) => {
        const at = w.items.length;
        const iw = widgetFor(k.items, path + '[' + at + ']', String(at + 1));
        const head = el('span', {});
        const remove = el('button', { type: 'button', text: t('remove'), 'data-remove': path + '[' + at + ']' });
        const box = el('div', { class: 'item', 'data-item': path + '[' + at + ']' }, el('div', { class: 'item-head' }, head, remove), iw.dom);
        const it = { widget: iw, head, box };
        remove.addEventListener('click', () => {
          const values = w.items.filter((x) => x !== it).map((x) => x.widget.get());
          w.set(values);
        });
        w.items.push(it);
        items.append(box);
        if (value !== undefined) iw.set(value);
        known.checked = true;
        refresh();
        return iw;
      };
      const add = el('button', { type: 'button', class: 'list-add', text: '+ ' + t('add'), 'data-add': path, onclick: () => { addItem(); } });
      known.addEventListener('change', () => { if (!known.checked) w.set(null); refresh(); });
      fs.append(items, add);
      w.get = () => (known.checked ? w.items.map((it) => it.widget.get()) : null);
      w.set = (v) => {
        for (const it of w.items) forget(it.widget);
        w.items = [];
        items.textContent = '';
        known.checked = Array.isArray(v);
        if (Array.isArray(v)) for (const x of v) addItem(x);
        refresh();
      };
      w.addItem = addItem;
      w.renumber = renumber;
      w.focus = () => fs.scrollIntoView({ block: 'center' });
      refresh();
      w.dom = fs;
      break;
    }
    default: {
      const attrs = { id, 'data-kind': k.kind };
      if (k.kind === 'int') Object.assign(attrs, { type: 'number', min: '0', step: '1', inputmode: 'numeric' });
      else if (k.kind === 'date') Object.assign(attrs, { type: 'date' });
      else Object.assign(attrs, { type: 'text' });
      if (k.kind === 'money') Object.assign(attrs, { inputmode: 'numeric', placeholder: 'VND' });
      if (k.kind === 'number') Object.assign(attrs, { inputmode: 'decimal', placeholder: '2.5 / 1/3' });
      if (k.kind === 'article') Object.assign(attrs, { placeholder: 'BLHS2015 173' });
      const input = el('input', attrs);
      input.addEventListener('input', () => { markUnknown(input); input.classList.remove('bad'); });
      markUnknown(input);
      w.get = () => {
        const raw = input.value.trim();
        if (raw === '') {
          if (input.validity && input.validity.badInput) throw { widget: w, input };
          return null;
        }
        switch (k.kind) {
          case 'int': { const n = Number(raw); if (!Number.isInteger(n) || n < 0) throw { widget: w, input }; return n; }
          case 'money': {
            const digits = raw.replace(/[\s.,_]/g, '');
            if (!/^[0-9]+$/.test(digits)) throw { widget: w, input };
            return digits;
          }
          case 'number': {
            if (/^[0-9]+$/.test(raw)) return Number(raw);
            if (!/^[0-9]+([./][0-9]+)?$/.test(raw)) throw { widget: w, input };
            return raw;
          }
          case 'date': if (!/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(raw)) throw { widget: w, input }; return raw;
          case 'article': if (!new RegExp(k.pattern).test(raw)) throw { widget: w, input }; return raw;
          default: return raw;
        }
      };
      w.set = (v) => { input.value = v === null || v === undefined ? '' : String(v); markUnknown(input); input.classList.remove('bad'); };
      w.focus = () => input.focus();
      w.dom = row(input, id);
    }
  }
  return w;
}

function forget(w) {
  state.fields.delete(w.path);
  for (const c of w.children || []) forget(c);
  for (const it of w.items || []) forget(it.widget);
}

function buildForm() {
  const form = $('record');
  form.textContent = '';
  state.fields = new Map();
  if (!state.schema) return;
  const rootName = state.schema.$ref.split('/').pop();
  const root = { $ref: state.schema.$ref, 'x-decree-label': { vi: state.round ? state.round.title : rootName, en: rootName } };
  state.root = widgetFor(root, '$', rootName);
  form.append(state.root.dom);
}

// The record the form holds; null (and the first bad input marked) when a box is invalid.
function formRecord() {
  $('form-problems').textContent = '';
  for (const b of document.querySelectorAll('#record .bad')) b.classList.remove('bad');
  try {
    return state.root.get();
  } catch (e) {
    if (e && e.input) {
      e.input.classList.add('bad');
      e.input.focus();
      $('form-problems').textContent = t('fix_first') + ' (' + trail(e.widget.path) + ': ' + t('bad_value') + ')';
      return null;
    }
    throw e;
  }
}

// "Tội danh › 1 › Điều" for "$.offences[0].article": what the form calls a path.
function trail(path) {
  const names = [];
  let p = path;
  while (p && p !== '$') {
    const w = state.fields.get(p);
    names.unshift(w ? w.label : p.split(/[.[]/).pop().replace(']', ''));
    const m = p.match(/^(.*)(\.[^.[\]]+|\[[0-9]+\])$/);
    p = m ? m[1] : '';
  }
  return names.join(' › ');
}

// The widget for [path], or its nearest enclosing one that the form shows.
function nearest(path) {
  let p = path;
  while (p) {
    if (state.fields.has(p)) return state.fields.get(p);
    const m = p.match(/^(.*)(\.[^.[\]]+|\[[0-9]+\])$/);
    if (!m) break;
    p = m[1];
  }
  return state.root;
}

function goTo(path) {
  const w = nearest(path);
  const target = w.dom;
  // A list item asked for that the form does not have yet: the list shows where to add it.
  target.scrollIntoView({ block: 'center' });
  w.focus();
  target.classList.add('flash');
  setTimeout(() => target.classList.remove('flash'), 2500);
}

// ---- the verdict -----------------------------------------------------------------------

async function decideOne() {
  const record = formRecord();
  if (record === null) return;
  const q = new URLSearchParams({ explain: '1', text: state.lang, lang: state.lang });
  if ($('no-assumptions').checked) q.set('no_assumptions', '1');
  showProblem(null);
  try {
    const res = await api('/v1/decrees/' + encodeURIComponent(state.round.id) + '/decide?' + q, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(record)
    });
    showVerdict(await res.json(), record);
  } catch (p) {
    showProblem(p);
  }
}

function showVerdict(r, record) {
  state.last = { result: r, record };
  const box = $('verdict');
  box.hidden = false;
  const word = $('verdict-word');
  word.className = r.verdict;
  word.setAttribute('data-verdict', r.verdict);
  word.textContent = t(r.verdict);
  const list = (title, items, render, attr) => {
    if (!items || items.length === 0) return '';
    const ul = el('ul', attr || {});
    for (const x of items) ul.append(el('li', {}, render(x)));
    return el('div', {}, el('strong', { text: title }), ul);
  };
  const cites = $('verdict-cites');
  cites.textContent = '';
  const cite = (c) => el('span', { class: 'cite', text: c });
  const failed = list(t('failed'), r.failed, cite, { id: 'cites-failed' });
  const applied = list(t('applied'), r.applied, cite, { id: 'cites-applied' });
  if (failed) cites.append(failed);
  if (applied) cites.append(applied);
  const missing = $('verdict-missing');
  missing.textContent = '';
  const m = list(t('missing'), r.missing, (p) => el('a', {
    href: '#' + (nearest(p).id || ''), 'data-missing': p, text: trail(p) + ' (' + p + ')',
    onclick: (ev) => { ev.preventDefault(); goTo(p); }
  }), { id: 'missing-links' });
  if (m) missing.append(m);
  const as = $('verdict-assumptions');
  as.textContent = '';
  const described = new Map(((state.round && state.round.assumptions) || []).map((a) => [a.what, a]));
  const a = list(t('assumptions'), r.assumptions, (id) => {
    const d = described.get(id);
    const why = d ? (state.lang === 'vi' ? d.reason : d.reason_en || d.reason) : '';
    return el('span', {}, el('code', { text: id }), why ? ' — ' + why : '');
  });
  if (a) {
    // Listed in full, folded: a round resting on many assumptions would push the rest away.
    const fold = el('details', { id: 'assumptions-fold' }, el('summary', { text: t('assumptions') + ' ' + r.assumptions.length }));
    fold.append(a.querySelector('ul'));
    as.append(fold);
  }
  const considered = $('verdict-considered');
  considered.textContent = '';
  if (r.trace && r.trace.length) {
    const body = el('tbody');
    let previous = '';
    for (const e of r.trace) {
      const cite = (state.lang === 'en' && e.citation_en) || e.citation;
      const key = cite + '|' + e.outcome;
      if (key === previous) continue;  // the same provision met again by another of its rules
      previous = key;
      const word = t(e.outcome === 'unknown' ? 'outcome_unknown' : e.outcome);
      body.append(el('tr', { 'data-cite': e.citation, 'data-outcome': e.outcome, class: 'o-' + e.outcome },
        el('td', { text: cite }), el('td', { text: word }),
        el('td', {}, e.text || '', e.paraphrase ? el('em', { text: ' (' + t('paraphrase') + ')' }) : '')));
    }
    considered.append(el('h3', { text: t('considered') }), el('table', { id: 'considered' },
      el('thead', {}, el('tr', {}, el('th', { text: t('col_cite') }), el('th', { text: t('col_outcome') }), el('th', { text: t('col_text') }))), body));
  }
  $('verdict-text').textContent = r.text || r.error || '';
  const head = $('print-head');
  head.textContent = '';
  head.append(el('p', {}, el('strong', { text: state.round.title || state.round.id })),
    el('p', { text: t('by_round') + ': ' + (state.round.citation || state.round.id) + ' — ' + t('digest') + ' ' + (state.round.digest || '') }),
    el('p', { text: [record.id, record.name].filter(Boolean).join(' — ') }),
    el('p', { text: t('decided_at') + ': ' + new Date().toLocaleString(state.lang === 'vi' ? 'vi-VN' : 'en-GB') }));
  box.scrollIntoView({ block: 'start' });
}

// ---- rounds ----------------------------------------------------------------------------

async function loadRounds() {
  showProblem(null);
  try {
    const res = await api('/v1/decrees');
    state.rounds = (await res.json()).decrees || [];
  } catch (p) {
    showProblem(p);
    return;
  }
  const sel = $('round');
  sel.textContent = '';
  for (const r of state.rounds) sel.append(el('option', { value: r.id, text: (r.title || r.id) + ' (' + r.id + ')' }));
  if (state.rounds.length === 0) { showProblem({ title: t('no_rounds'), detail: '' }); return; }
  const wanted = new URLSearchParams(location.search).get('round') || localStorage.getItem('decree.round');
  if (wanted && state.rounds.some((r) => r.id === wanted)) sel.value = wanted;
  await chooseRound(sel.value);
}

async function chooseRound(id) {
  showProblem(null);
  const keep = state.root ? safeRecord() : null;
  try {
    const [d, s] = await Promise.all([
      api('/v1/decrees/' + encodeURIComponent(id)).then((r) => r.json()),
      api('/v1/decrees/' + encodeURIComponent(id) + '/schema?lang=' + state.lang).then((r) => r.json())
    ]);
    state.round = d;
    state.schema = s;
  } catch (p) {
    showProblem(p);
    return;
  }
  localStorage.setItem('decree.round', id);
  const info = $('round-info');
  info.textContent = [state.round.citation, state.round.signed ? t('signed') + ' ' + state.round.signed : '', t('digest') + ' ' + state.round.digest]
    .filter(Boolean).join(' · ');
  buildForm();
  if (keep) state.root.set(keep);
  $('verdict').hidden = true;
}

function safeRecord() {
  try { return state.root.get(); } catch (_) { return null; }
}

// ---- a roster --------------------------------------------------------------------------

// RFC 4180 rows of [text]: quoted cells may hold commas, quotes ("") and line breaks.
function csvRows(text) {
  const rows = [];
  let row = [], cell = '', quoted = false, i = 0, line = 1, start = 1;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') { if (text[i + 1] === '"') { cell += '"'; i++; } else quoted = false; }
      else { if (c === '\n') line++; cell += c; }
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell); rows.push({ cells: row, line: start }); row = []; cell = ''; line++; start = line;
    } else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push({ cells: row, line: start }); }
  return rows;
}

// The schema node at [path] ("sentence.term.years"): what a CSV cell should become.
function kindAt(segments) {
  let node = { $ref: state.schema.$ref };
  for (const s of segments) {
    const k = kindOf(node);
    if (k.kind === 'list' && /^[0-9]+$/.test(s)) node = k.items;
    else if (k.kind === 'record' && k.schema.properties && k.schema.properties[s]) node = k.schema.properties[s];
    else if (k.kind === 'duration' && ['years', 'months', 'days'].includes(s)) return { kind: 'int' };
    else return null;
  }
  return kindOf(node);
}

function cellValue(k, raw) {
  const v = raw.trim();
  if (v === '') return undefined;
  if (!k) return v;
  switch (k.kind) {
    case 'bool': {
      const l = v.toLowerCase();
      if (['true', '1', 'có', 'co', 'yes', 'x'].includes(l)) return true;
      if (['false', '0', 'không', 'khong', 'no'].includes(l)) return false;
      if (['null', 'chưa rõ', 'unknown', '?'].includes(l)) return undefined;
      throw v;
    }
    case 'int': { if (!/^[0-9]+$/.test(v)) throw v; return Number(v); }
    case 'number': return /^[0-9]+$/.test(v) ? Number(v) : v;
    case 'money': return v.replace(/[\s.,_]/g, '');
    case 'list': case 'record': case 'duration':
      try { return JSON.parse(v); } catch (_) { throw v; }
    default: return v;
  }
}

// The roster as JSON Lines, one line a record, and the notes for lines the page could not
// turn into a record (sent as they are, so the service reports them too: no line is lost).
function rosterLines(name, text) {
  const notes = new Map();
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) {
    const rows = csvRows(text);
    const header = rows.length ? rows[0].cells.map((h) => h.trim()) : [];
    const kinds = header.map((h) => kindAt(h.split('.')));
    const lines = [];
    for (const r of rows.slice(1)) {
      if (r.cells.length === 1 && r.cells[0].trim() === '') { lines.push(''); continue; }
      if (r.cells.length !== header.length) {
        notes.set(lines.length + 1, t('csv_cells', { n: r.cells.length, m: header.length }) + ' (CSV ' + t('col_line').toLowerCase() + ' ' + r.line + ')');
        lines.push(r.cells.join(','));
        continue;
      }
      const rec = {};
      let bad = null;
      header.forEach((h, i) => {
        if (bad) return;
        let v;
        try { v = cellValue(kinds[i], r.cells[i]); } catch (raw) { bad = t('csv_value', { c: h, v: JSON.stringify(raw) }); return; }
        if (v === undefined) return;
        const segs = h.split('.');
        let at = rec;
        segs.forEach((s, j) => {
          const key = /^[0-9]+$/.test(s) ? Number(s) : s;
          if (j === segs.length - 1) { at[key] = v; return; }
          if (at[key] === undefined) at[key] = /^[0-9]+$/.test(segs[j + 1]) ? [] : {};
          at = at[key];
        });
      });
      if (bad) {
        notes.set(lines.length + 1, bad + ' (CSV ' + t('col_line').toLowerCase() + ' ' + r.line + ')');
        lines.push(r.cells.join(','));
      } else {
        lines.push(JSON.stringify(rec));
      }
    }
    return { lines, notes };
  }
  if (lower.endsWith('.json')) {
    try {
      const doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
      return { lines: (Array.isArray(doc) ? doc : [doc]).map((x) => JSON.stringify(x)), notes };
    } catch (_) { /* JSON Lines under another name, or broken: the service says which line */ }
  }
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return { lines, notes };
}

async function pickRoster(file) {
  const text = await file.text();
  state.roster = Object.assign({ name: file.name }, rosterLines(file.name, text));
  const n = state.roster.lines.filter((l) => l.trim() !== '').length;
  $('roster-status').textContent = file.name + ': ' + state.roster.lines.length + ' ' + t('lines') + ', ' + n + ' ' + t('records');
  $('roster-go').disabled = false;
}

async function decideRoster() {
  const r = state.roster;
  if (!r) return;
  showProblem(null);
  const status = $('roster-status');
  status.textContent = t('reading');
  const body = r.lines.join('\n') + '\n';
  const base = '/v1/decrees/' + encodeURIComponent(state.round.id);
  const post = (path) => api(base + path, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson' }, body });
  let results, csv, report;
  try {
    const q = 'lang=' + state.lang;
    [results, csv, report] = await Promise.all([
      post('/decide-batch?' + q).then((x) => x.text()),
      // Bytes, not text: decoding would drop the byte-order mark that spreadsheets need.
      post('/decide-batch?format=csv&' + q).then((x) => x.arrayBuffer()),
      post('/report?' + q + '&name=' + encodeURIComponent(r.name)).then((x) => x.text())
    ]);
  } catch (p) {
    status.textContent = '';
    showProblem(p);
    return;
  }
  const rows = results.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
  const byLine = new Map(rows.map((x) => [x.line, x]));
  const expected = [];
  r.lines.forEach((l, i) => { if (l.trim() !== '') expected.push(i + 1); });
  const lost = expected.filter((n) => !byLine.has(n));
  const counts = { eligible: 0, not_eligible: 0, undetermined: 0, error: 0 };
  for (const x of rows) counts[x.verdict] = (counts[x.verdict] || 0) + 1;
  status.textContent = '';
  status.append(el('div', { class: 'counts', id: 'roster-counts' },
    el('span', { text: r.name + ': ' + expected.length + ' ' + t('records') }),
    ...Object.entries(counts).map(([v, n]) => el('span', { 'data-count': v, text: t(v) + ': ' + n }))),
  el('p', { id: 'roster-accounted', 'data-lost': String(lost.length), text: lost.length === 0 ? t('all_accounted') : t('lost') + ': ' + lost.join(', ') }));
  const tbody = document.querySelector('#roster-table tbody');
  tbody.textContent = '';
  const limit = 2000;
  for (const x of rows.slice(0, limit)) {
    const note = r.notes.get(x.line);
    // Results carry the id, not the name: the name is the record's own.
    let name = '';
    try { name = JSON.parse(r.lines[x.line - 1]).name || ''; } catch (_) { /* an unreadable line */ }
    const detail = x.verdict === 'error' ? (note ? note + ' — ' : '') + ((state.lang === 'vi' && x.error_vi) || x.error || '')
      : x.verdict === 'undetermined' ? (x.missing || []).join(', ')
      : x.verdict === 'not_eligible' ? (x.failed || []).join('; ') : (x.applied || []).join('; ');
    tbody.append(el('tr', { 'data-line': String(x.line) }, el('td', { text: String(x.line) }), el('td', { text: x.id || '' }),
      el('td', { text: typeof name === 'string' ? name : '' }), el('td', { class: 'v-' + x.verdict, text: t(x.verdict) }), el('td', { text: detail })));
  }
  if (rows.length > limit) status.append(el('p', { class: 'muted', text: t('shown_first', { n: limit }) }));
  $('roster-table').hidden = false;
  const url = (data, type) => URL.createObjectURL(new Blob([data], { type }));
  $('dl-jsonl').href = url(results, 'application/x-ndjson');
  $('dl-csv').href = url(csv, 'text/csv');
  $('dl-report').href = url(report, 'text/html');
  $('roster-downloads').hidden = false;
  const frame = $('report');
  frame.srcdoc = report;
  frame.hidden = false;
}

function csvTemplate() {
  // The header of a CSV roster: a column for each field that is not a list, lists as JSON.
  const cols = [];
  const walk = (node, prefix) => {
    const k = kindOf(node);
    if (k.kind === 'record' && prefix.split('.').length < 4) {
      for (const [n, sub] of Object.entries(k.schema.properties || {})) walk(sub, prefix ? prefix + '.' + n : n);
    } else if (k.kind === 'duration') {
      for (const u of ['years', 'months', 'days']) cols.push(prefix + '.' + u);
    } else cols.push(prefix);
  };
  walk({ $ref: state.schema.$ref }, '');
  const q = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
  const blob = new Blob(['\ufeff' + cols.map(q).join(',') + '\r\n'], { type: 'text/csv' });
  const a = el('a', { href: URL.createObjectURL(blob), download: state.round.id + '-mau.csv' });
  document.body.append(a);
  a.click();
  a.remove();
}

// ---- the language and the page ---------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = state.lang;
  document.title = 'Decree — ' + t('title');
  for (const e of document.querySelectorAll('[data-t]')) e.textContent = t(e.getAttribute('data-t'));
  $('lang-vi').setAttribute('aria-pressed', String(state.lang === 'vi'));
  $('lang-en').setAttribute('aria-pressed', String(state.lang === 'en'));
}

async function setLanguage(lang) {
  if (lang === state.lang) return;
  state.lang = lang;
  localStorage.setItem('decree.lang', lang);
  applyLanguage();
  if (state.round) {
    const shown = state.last && !$('verdict').hidden;
    await chooseRound(state.round.id);
    if (shown) decideOne();
  }
}

function tab(which) {
  for (const [b, p] of [['tab-one', 'one'], ['tab-roster', 'roster']]) {
    const on = p === which;
    $(b).setAttribute('aria-selected', String(on));
    $(p).hidden = !on;
  }
}

function downloadRecord() {
  const r = formRecord();
  if (r === null) return;
  const a = el('a', { href: URL.createObjectURL(new Blob([JSON.stringify(r, null, 2) + '\n'], { type: 'application/json' })),
    download: (r.id || 'ho-so') + '.json' });
  document.body.append(a);
  a.click();
  a.remove();
}

async function loadRecord(file) {
  const text = await file.text();
  let doc;
  try {
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    if (Array.isArray(doc)) doc = doc[0];
    if (!doc || typeof doc !== 'object') throw new Error();
  } catch (_) {
    $('form-problems').textContent = t('not_json') + ': ' + file.name;
    return;
  }
  state.root.set(doc);
  $('form-problems').textContent = t('loaded') + ': ' + file.name;
  $('verdict').hidden = true;
}

document.addEventListener('DOMContentLoaded', () => {
  applyLanguage();
  $('lang-vi').addEventListener('click', () => setLanguage('vi'));
  $('lang-en').addEventListener('click', () => setLanguage('en'));
  $('round').addEventListener('change', (e) => chooseRound(e.target.value));
  $('tab-one').addEventListener('click', () => tab('one'));
  $('tab-roster').addEventListener('click', () => tab('roster'));
  $('decide').addEventListener('click', decideOne);
  $('record').addEventListener('submit', (e) => { e.preventDefault(); decideOne(); });
  $('clear').addEventListener('click', () => { state.root.set(null); $('verdict').hidden = true; });
  $('download-record').addEventListener('click', downloadRecord);
  $('load').addEventListener('change', (e) => { if (e.target.files[0]) loadRecord(e.target.files[0]); e.target.value = ''; });
  $('print').addEventListener('click', () => window.print());
  // The dossier is printed whole: the folded lists unfolded.
  window.addEventListener('beforeprint', () => { for (const d of document.querySelectorAll('#verdict details')) d.open = true; });
  $('roster-file').addEventListener('change', (e) => { if (e.target.files[0]) pickRoster(e.target.files[0]); });
  $('roster-go').addEventListener('click', decideRoster);
  $('csv-template').addEventListener('click', csvTemplate);
  $('token-save').addEventListener('click', () => {
    state.token = $('token').value.trim();
    sessionStorage.setItem('decree.token', state.token);
    $('token-box').hidden = true;
    loadRounds();
  });
  loadRounds();
});

// For tests and for tools that drive the page: the record the form holds, and filling it.
window.decreePage = { record: safeRecord, fill: (doc) => state.root.set(doc), fields: () => [...state.fields.keys()] };
