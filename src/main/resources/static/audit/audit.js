// Shared by the regulators' pages: one legend for the statuses, Japanese first with the English beside.
const STATUS_LABELS = {
  OPEN: '開始', REPORTED: '報告済', DISCREPANCY: '不一致', ESCALATED: '上申', RECONCILED: '照合完了',
  NOT_STARTED: '未開始',
  CHECKING: '確認中', BLOCKED_BY_GATE: 'ゲートで停止', BLOCKED_BY_OPT_OUTS: 'オプトアウトで停止',
  AWAITING_APPROVAL: '承認待ち', REJECTED: '却下', RELEASED: '提供済',
  CLOSED: '完了',
  DRAFT: '下書き', SENT: '送付済', SUPERSEDED: '差替え済'
};
// What each event of the audit trail records, and where a timeline line comes from.
const EVENT_LABELS = {
  LEDGER_ENTRY: '台帳への記録', DECLARATION: '件数の申告', REPORT_SENT: '報告の送付', ACKNOWLEDGEMENT: '受領確認',
  ACKNOWLEDGEMENT_RECHECK_REQUESTED: '受領件数の再確認依頼', DISCREPANCY: '不一致', RESOLUTION: '不一致の解決',
  APPLIED_CONFIRMATION: '適用の確認', ESCALATION: '上申', ESCALATION_HANDLED: '上申への対応', PERIOD_RECONCILED: '照合完了', PERIOD_REOPENED: '照合済みの月の再開',
  GATE_DECISION: '提供ゲートの判定', RELEASE_REGISTERED: 'データ提供の登録', RELEASE_BLOCKED: 'データ提供の停止',
  RELEASE_DECIDED: 'データ提供の承認判断', RELEASED: 'データ提供', RELEASE_ESCALATION: 'データ提供の上申',
  RELEASE_ESCALATION_HANDLED: 'データ提供の上申への対応', RECALL_ESCALATION_HANDLED: 'リコールの上申への対応',
  RECALL_OPENED: 'リコール開始', RECALL_STEP: 'リコールの手順', RECALL_ESCALATION: 'リコールの上申',
  RECALL_CLOSED: 'リコール完了', LOGIN_FAILED: 'ログイン失敗',
  INTAKE_RECEIVED: 'オプトアウトの受付', INTAKE_IDENTIFIED: '病院による患者の特定', INTAKE_CONFIRMATION: '受付経路の確認',
  INTAKE_CHECK: '受付確認の照合', INTAKE_RECORDED: '受付から台帳へ記録', INTAKE_ESCALATION: '受付の上申',
  INTAKE_ESCALATION_HANDLED: '受付の上申への対応', INTAKE_NOT_IDENTIFIED: '患者を特定できず（受付終了）',
  PARTY_CREATED: '組織の登録', PARTY_UPDATED: '組織の変更', CHAIN_SAVED: '経路の保存',
  HOSPITAL_CHAIN_ASSIGNED: '医療機関への経路の割当て', PARTIES_IMPORTED: '組織の一括取込み（CSV）'
};
const SOURCE_LABELS = { audit: '監査証跡', process: '工程', task: 'タスク', operation: '操作ログ' };
function eventLabel(type) {
  return EVENT_LABELS[type] ? `${EVENT_LABELS[type]} / ${type}` : (type || '');
}
function sourceLabel(source) {
  return SOURCE_LABELS[source] ? `${SOURCE_LABELS[source]} / ${source}` : (source || '');
}
// Points the page's CSV and JSON links (#download-csv, #download-json) at the export of what it shows.
function pointDownloads(path, query) {
  ['csv', 'json'].forEach(format => {
    const link = document.getElementById(`download-${format}`);
    const params = new URLSearchParams(query);
    params.set('format', format);
    if (link) link.href = `${path}?${params}`;
  });
}
// These party ids to their names (the directory's, Japanese and English), for pages that show ids from the
// API: one request for up to 200 ids (a page's worth), never the whole directory. Unknown ids are left out.
async function loadPartyNames(ids) {
  const distinct = [...new Set(ids.filter(id => id))];
  const batches = [];
  // 100 ids a request keep its address under the server's 8 KB header limit (ids run to 50 characters).
  for (let i = 0; i < distinct.length; i += 100) batches.push(distinct.slice(i, i + 100));
  const answers = await Promise.all(batches.map(async batch => {
    const query = new URLSearchParams(batch.map(id => ['id', id]));
    const response = await fetch('/api/history/parties?' + query);
    return response.ok ? response.json() : [];
  }));
  return Object.fromEntries(answers.flat().map(p => [p.id, p.name]));
}
// Search as you type: fills the input's <datalist> with the parties matching what it holds (an id's start
// or part of a name), at most 20, of the role if given. The input keeps the party's id as its value.
function suggestParties(input, role) {
  const list = document.getElementById(input.getAttribute('list'));
  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const query = new URLSearchParams({ q: input.value.trim() });
      if (role) query.set('role', role);
      const response = await fetch('/api/history/parties?' + query);
      // A slower answer to what the input held before must not replace the one to what it holds now.
      if (!response.ok || input.value.trim() !== query.get('q')) return;
      list.replaceChildren(...(await response.json()).map(p => new Option(p.name, p.id)));
    }, 250);
  });
}
const STATE_LABELS = {
  ACTIVE: '実行中', COMPLETED: '完了', EXTERNALLY_TERMINATED: '外部終了', INTERNALLY_TERMINATED: '内部終了',
  SUSPENDED: '一時停止'
};
function statusLabel(status) {
  return status ? `${STATUS_LABELS[status] || status} / ${status.replaceAll('_', ' ')}` : '';
}
function stateLabel(state) {
  return state ? `${STATE_LABELS[state] || state} / ${state.replaceAll('_', ' ')}` : '';
}
// Fills every <p class="legend" data-statuses="OPEN REPORTED ..."> with the labels above.
function renderLegends() {
  document.querySelectorAll('.legend[data-statuses]').forEach(legend => {
    legend.innerHTML = '';
    legend.dataset.statuses.split(' ').forEach(status => {
      const span = document.createElement('span');
      span.className = status;
      span.textContent = statusLabel(status);
      legend.appendChild(span);
    });
  });
}
const TOKYO = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', dateStyle: 'short', timeStyle: 'medium' });
function tokyo(at) {
  return at ? TOKYO.format(new Date(at)) : '';
}
document.addEventListener('DOMContentLoaded', renderLegends);
// A script that fails says so on the page, in the #error paragraph every page has, rather than leaving it blank.
window.addEventListener('error', e => {
  const error = document.getElementById('error');
  if (error) error.textContent = `画面の表示に失敗しました / The page failed: ${e.message}`;
});
window.addEventListener('unhandledrejection', e => {
  const error = document.getElementById('error');
  if (error) error.textContent = `画面の表示に失敗しました / The page failed: ${e.reason}`;
});

// "12 件中 1–10 件 / 1–10 of 12": the rows a page of a paged list shows, in both languages.
function pageCount(total, page, size, shown) {
  const first = shown ? page * size + 1 : 0;
  const last = page * size + shown;
  return `${total} 件中 ${first}–${last} 件 / ${first}–${last} of ${total}`;
}
