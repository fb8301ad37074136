// CSV export (RFC 4180, CRLF) with spreadsheet formula injection neutralised: a text cell that
// starts with = + - @ (or a tab / carriage return) gets a leading single quote.

const DANGEROUS = /^[=+\-@\t\r]/;

export function csvCell(value) {
  if (value === null || value === undefined) return '';
  let s = typeof value === 'number' || typeof value === 'boolean' ? String(value) : String(value);
  if (typeof value === 'string' && DANGEROUS.test(s)) s = "'" + s;
  if (/[",\r\n]/.test(s) || /^\s|\s$/.test(s)) s = '"' + s.replace(/"/g, '""') + '"';
  return s;
}

export function toCsv(rows) {
  return rows.map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Saves text as a file through a temporary link (no server round trip). */
export function download(filename, text, type) {
  const blob = new Blob(['\ufeff', text], { type: type || 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.appendChild(a);
  a.click();
  window.setTimeout(() => { URL.revokeObjectURL(url); a.remove(); }, 1000);
}
