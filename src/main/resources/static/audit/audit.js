// Shared by the regulators' pages: one legend for the statuses, Japanese first with the English beside.
const STATUS_LABELS = {
  OPEN: '開始', REPORTED: '報告済', DISCREPANCY: '不一致', ESCALATED: '上申', RECONCILED: '照合完了',
  NOT_STARTED: '未開始',
  CHECKING: '確認中', BLOCKED_BY_GATE: 'ゲートで停止', BLOCKED_BY_OPT_OUTS: 'オプトアウトで停止',
  AWAITING_APPROVAL: '承認待ち', REJECTED: '却下', RELEASED: '提供済',
  CLOSED: '完了',
  DRAFT: '下書き', SENT: '送付済', SUPERSEDED: '差替え済'
};
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
