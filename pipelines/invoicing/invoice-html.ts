import type { Decimal } from 'decimal.js';
import type { InvoiceDocument, InvoiceLine } from './invoice-model.ts';
import { priceText } from './invoice-json.ts';

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `1234.5` -> `1 234,50 €` (narrow no-break spaces), from the exact decimal string: no float. */
export function euros(value: Decimal, decimals = 2): string {
  const text = decimals === 2 ? value.toFixed(2) : priceText(value);
  const negative = text.startsWith('-');
  const [integer = '0', fraction] = (negative ? text.slice(1) : text).split('.');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return `${negative ? '−' : ''}${grouped}${fraction === undefined ? '' : `,${fraction}`}\u00a0€`;
}

/** `2026-03-11` -> `11/03/2026`. */
function frenchDate(date: string): string {
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

const TITLES = { invoice: 'Facture', complementary: 'Facture complémentaire (usage raisonnable)' } as const;

function lineRows(line: InvoiceLine): string {
  const main = `<tr><td>${line.lineNo}</td><td>${escape(line.label)}${
    line.evidence.length === 0
      ? ''
      : `<div class="ev">Références : ${line.evidence.map((e) => escape(e.length > 16 ? e.slice(0, 16) : e)).join(', ')}</div>`
  }</td><td>${frenchDate(line.periodStart)} – ${frenchDate(line.periodEnd)}</td><td class="n">${escape(line.quantity.toFixed())} ${escape(line.unit)}</td><td class="n">${
    line.unitPrice === null ? '' : euros(line.unitPrice, 6)
  }</td><td class="n">${euros(line.amount)}</td><td class="n">${line.vatRate.times(100).toFixed()} %</td></tr>`;
  if (line.calls.length === 0) return main;
  const calls = line.calls
    .map(
      (c) =>
        `<tr><td>${escape(c.startTime.toISOString().replace('T', ' ').slice(0, 19))} UTC</td><td>${escape(c.maskedCallee)}</td><td class="n">${c.billableSeconds} s</td><td class="n">${c.chargedSeconds} s</td><td class="n">${euros(c.amount, 6)}</td></tr>`,
    )
    .join('');
  return `${main}<tr class="calls"><td></td><td colspan="6"><table><thead><tr><th>Début</th><th>Numéro appelé</th><th>Durée</th><th>Durée facturée</th><th>Montant HT</th></tr></thead><tbody>${calls}</tbody></table></td></tr>`;
}

/**
 * A self-contained HTML document (inline CSS, no script, no external resource) for one invoice, in
 * French. Amounts are printed from the exact decimals; called numbers appear masked only.
 */
export function formatInvoiceHtml(document: InvoiceDocument): string {
  const t = document.totals;
  const vatRows = t.vat
    .map(
      (v) =>
        `<tr><th>TVA ${v.rate.times(100).toFixed()} % sur ${euros(v.base)}</th><td class="n">${euros(v.vat)}</td></tr>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<title>${TITLES[document.kind]} ${escape(document.invoiceId)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
td.n{text-align:right;white-space:nowrap}
.ev{color:#666;font-size:.8em}
tr.calls table{font-size:.85em;background:#fafafa}
.totals{width:auto;margin-left:auto;margin-top:1rem}
.draft{color:#a00;font-weight:bold}
</style>
</head>
<body>
<h1>${TITLES[document.kind]} n° ${escape(document.invoiceId)} <span class="draft">(brouillon)</span></h1>
<p>Client : <strong>${escape(document.customerName)}</strong> (${escape(document.customerId)})<br>
Date de facture : ${frenchDate(document.invoiceDate)} — Échéance : ${frenchDate(document.dueDate)} (paiement à 10 jours calendaires)<br>
Période de facturation : ${escape(document.month)}</p>
<table>
<thead><tr><th>#</th><th>Désignation</th><th>Période</th><th>Quantité</th><th>Prix unitaire HT</th><th>Montant HT</th><th>TVA</th></tr></thead>
<tbody>
${document.lines.map(lineRows).join('\n')}
</tbody>
</table>
<table class="totals">
<tr><th>Total HT</th><td class="n">${euros(t.totalExclVat)}</td></tr>
${vatRows}
<tr><th>Total TTC</th><td class="n"><strong>${euros(t.totalInclVat)}</strong></td></tr>
</table>
<p class="ev">Montants en euros. Abonnements facturés à terme à échoir, frais ponctuels et consommations à terme échu. En cas de retard de paiement, intérêts de retard au taux de la BCE majoré de 10 points (CGV art. 10).</p>
</body>
</html>
`;
}
