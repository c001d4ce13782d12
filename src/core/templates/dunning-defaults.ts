// Built-in dunning letter templates (mustache), polite to firm; a ledger overrides any of them in templates/.
//
// The view they are rendered with is `LetterView` (letters.ts). In the .txt templates `items_table` and
// `summary_table` are pre-aligned blocks, since mustache has no padding; .md and .html build their own tables.
// A letter only mentions earlier letters that dunning.csv shows were sent (`first_notice`, `previous_notices_text`):
// a customer's first letter may be at any level, and must not claim reminders it never had.

const CREDIT = 'Your account holds {{unapplied}} {{currency}} of payments and credits not yet allocated to an invoice; we have deducted it from the amount due.';
const DISCOUNT = 'An early-payment discount is still open; you may deduct it if you pay in time:';

const TXT_HEAD = `{{company.name}}
{{#company.address_lines}}
{{.}}
{{/company.address_lines}}
{{#company.email}}
{{company.email}}
{{/company.email}}

{{#customer.recipient_lines}}
{{.}}
{{/customer.recipient_lines}}

{{date}}
`;

const TXT_ITEMS = `
{{items_table}}

{{summary_table}}
{{#has_unapplied}}

${CREDIT}
{{/has_unapplied}}
{{#has_discounts}}

${DISCOUNT}
{{#discounts}}
  {{.}}
{{/discounts}}
{{/has_discounts}}
`;

const TXT_PAY = `{{#has_bank}}

Please pay to {{company.name}}, {{bank.name}}
IBAN {{bank.iban}}{{#bank.bic}}, BIC {{bank.bic}}{{/bank.bic}}
{{/has_bank}}
`;

const TXT_FOOT = `
Yours sincerely,

{{company.name}}
{{#company.email}}
{{company.email}}
{{/company.email}}
{{#company.vat_id}}
VAT ID {{company.vat_id}}
{{/company.vat_id}}
{{#company.registration}}
{{company.registration}}
{{/company.registration}}
`;

const txt = (title: string, opening: string, request: string, closing: string): string =>
  `${TXT_HEAD}\n${title}\nYour customer number: {{customer.id}}\n\nDear {{customer.name}},\n\n${opening}\n${TXT_ITEMS}\n${request}\n${TXT_PAY}\n${closing}\n${TXT_FOOT}`;

const MD_HEAD = `**{{company.name}}**{{#company.address_lines}}  
{{.}}{{/company.address_lines}}{{#company.email}}  
{{company.email}}{{/company.email}}

{{#customer.recipient_lines}}
{{.}}  
{{/customer.recipient_lines}}

{{date}}
`;

const MD_ITEMS = `
| Invoice | Due | Days overdue | Open ({{currency}}) | Interest ({{currency}}) |
|---|---|--:|--:|--:|
{{#items}}
| {{id}} | {{due}} | {{days_overdue}} | {{open}} | {{interest}} |
{{/items}}

| | |
|---|--:|
| Overdue total | {{overdue}} {{currency}} |
{{#has_fee}}
| Fee | {{fee}} {{currency}} |
{{/has_fee}}
{{#has_interest}}
| Interest ({{interest_rate}} % a year) | {{interest}} {{currency}} |
{{/has_interest}}
{{#has_unapplied}}
| Less unapplied credit | -{{unapplied}} {{currency}} |
{{/has_unapplied}}
| **Total now due** | **{{total}} {{currency}}** |
{{#has_unapplied}}

${CREDIT}
{{/has_unapplied}}
{{#has_discounts}}

${DISCOUNT}

{{#discounts}}
- {{.}}
{{/discounts}}
{{/has_discounts}}
`;

const MD_PAY = `{{#has_bank}}

Please pay to {{company.name}}, {{bank.name}}  
IBAN {{bank.iban}}{{#bank.bic}}, BIC {{bank.bic}}{{/bank.bic}}
{{/has_bank}}
`;

const MD_FOOT = `
Yours sincerely,

{{company.name}}{{#company.email}}  
{{company.email}}{{/company.email}}{{#company.vat_id}}  
VAT ID {{company.vat_id}}{{/company.vat_id}}{{#company.registration}}  
{{company.registration}}{{/company.registration}}
`;

const md = (title: string, opening: string, request: string, closing: string): string =>
  `${MD_HEAD}\n## ${title}\n\nYour customer number: {{customer.id}}\n\nDear {{customer.name}},\n\n${opening}\n${MD_ITEMS}\n${request}\n${MD_PAY}\n${closing}\n${MD_FOOT}`;

const HTML_STYLE = `  <style>
    body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; font-size: 10pt; color: #111; max-width: 170mm; margin: 2em auto; line-height: 1.4; }
    .sender { text-align: right; }
    .recipient { margin: 2em 0; }
    .date { text-align: right; }
    h1 { font-size: 14pt; margin: 1.5em 0 0.3em; }
    .customer-id { color: #555; margin-top: 0; }
    table { border-collapse: collapse; width: 100%; margin: 1em 0; }
    th, td { padding: 0.25em 0.5em; border-bottom: 1px solid #ccc; text-align: left; }
    th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; }
    table.summary { width: auto; margin-left: auto; }
    table.summary tr.total td { font-weight: bold; border-top: 2px solid #111; }
    .request { font-weight: bold; }
    figure.qr { display: flex; align-items: center; gap: 5mm; margin: 1em 0; color: #555; font-size: 9pt; page-break-inside: avoid; }
    @page { size: A4; margin: 20mm 20mm 25mm 25mm; }
    @media print {
      body { margin: 0; max-width: none; font-size: 10.5pt; }
      table { page-break-inside: auto; }
      tr { page-break-inside: avoid; }
      thead { display: table-header-group; }
    }
  </style>`;

const html = (title: string, opening: string, request: string, closing: string): string => `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>${title} – {{customer.name}}</title>
${HTML_STYLE}
</head>
<body>
  <div class="sender">
    <strong>{{company.name}}</strong><br>
{{#company.address_lines}}
    {{.}}<br>
{{/company.address_lines}}
{{#company.email}}
    {{company.email}}
{{/company.email}}
  </div>
  <div class="recipient">
{{#customer.recipient_lines}}
    {{.}}<br>
{{/customer.recipient_lines}}
  </div>
  <p class="date">{{date}}</p>
  <h1>${title}</h1>
  <p class="customer-id">Your customer number: {{customer.id}}</p>
  <p>Dear {{customer.name}},</p>
  <p>${opening}</p>
  <table class="items">
    <thead>
      <tr><th>Invoice</th><th>Due</th><th class="num">Days overdue</th><th class="num">Open ({{currency}})</th><th class="num">Interest ({{currency}})</th></tr>
    </thead>
    <tbody>
{{#items}}
      <tr><td>{{id}}</td><td>{{due}}</td><td class="num">{{days_overdue}}</td><td class="num">{{open}}</td><td class="num">{{interest}}</td></tr>
{{/items}}
    </tbody>
  </table>
  <table class="summary">
    <tr><td>Overdue total</td><td class="num">{{overdue}} {{currency}}</td></tr>
{{#has_fee}}
    <tr><td>Fee</td><td class="num">{{fee}} {{currency}}</td></tr>
{{/has_fee}}
{{#has_interest}}
    <tr><td>Interest ({{interest_rate}} % a year)</td><td class="num">{{interest}} {{currency}}</td></tr>
{{/has_interest}}
{{#has_unapplied}}
    <tr><td>Less unapplied credit</td><td class="num">&minus;{{unapplied}} {{currency}}</td></tr>
{{/has_unapplied}}
    <tr class="total"><td>Total now due</td><td class="num">{{total}} {{currency}}</td></tr>
  </table>
{{#has_unapplied}}
  <p>${CREDIT}</p>
{{/has_unapplied}}
{{#has_discounts}}
  <p>${DISCOUNT}</p>
  <ul>
{{#discounts}}
    <li>{{.}}</li>
{{/discounts}}
  </ul>
{{/has_discounts}}
  <p class="request">${request}</p>
{{#has_bank}}
  <p>Please pay to {{company.name}}, {{bank.name}}<br>IBAN {{bank.iban}}{{#bank.bic}}, BIC {{bank.bic}}{{/bank.bic}}</p>
{{/has_bank}}
{{#has_qr}}
  <figure class="qr">{{{qr_svg}}}<figcaption>Scan with your banking app to pay {{total}} {{currency}}</figcaption></figure>
{{/has_qr}}
  <p>${closing}</p>
  <p>Yours sincerely,</p>
  <p>{{company.name}}{{#company.email}}<br>{{company.email}}{{/company.email}}{{#company.vat_id}}<br>VAT ID {{company.vat_id}}{{/company.vat_id}}{{#company.registration}}<br>{{company.registration}}{{/company.registration}}</p>
</body>
</html>
`;

interface Wording {
  readonly title: string;
  readonly opening: string;
  readonly request: string;
  readonly closing: string;
}

const WORDING: Readonly<Record<string, Wording>> = {
  reminder: {
    title: 'Payment reminder',
    opening: '{{#first_notice}}Our records show that the following items on your account are past due. Perhaps they have been overlooked.{{/first_notice}}' +
      '{{^first_notice}}Further to {{previous_notices_text}}, our records show that the following items on your account are past due.{{/first_notice}}',
    request: 'Please pay {{total}} {{currency}} within 14 days, quoting {{references_text}}.',
    closing: 'If you have already paid, please disregard this reminder and accept our thanks.',
  },
  'second-notice': {
    title: 'Second notice',
    opening: '{{#first_notice}}Our records show that the following items on your account are overdue and remain unpaid.{{/first_notice}}' +
      '{{^first_notice}}Despite {{previous_notices_text}}, the following items on your account remain unpaid.{{/first_notice}}',
    request: 'Please pay {{total}} {{currency}} within 10 days, quoting {{references_text}}.',
    closing: 'If there is a problem with any of these items, please contact us at once so that we can resolve it.',
  },
  'final-demand': {
    title: 'Final demand',
    opening: '{{#first_notice}}The following items on your account are long overdue and remain unpaid.{{/first_notice}}' +
      '{{^first_notice}}We wrote to you about your account in {{previous_notices_text}}, without result. The following items remain unpaid.{{/first_notice}}',
    request: 'Pay {{total}} {{currency}} within 7 days, quoting {{references_text}}.',
    closing: 'If we do not receive payment in full by then, we will pass the matter to collection without further notice, which will add to your costs.',
  },
};

export interface LetterTemplates {
  readonly txt: string;
  readonly md: string;
  readonly html: string;
}

function build(w: Wording): LetterTemplates {
  return {
    txt: txt(w.title, w.opening, w.request, w.closing),
    md: md(w.title, w.opening, w.request, w.closing),
    html: html(w.title, w.opening, w.request, w.closing),
  };
}

/** The built-in templates by name: `reminder`, `second-notice`, `final-demand`. */
export const DEFAULT_LETTER_TEMPLATES: Readonly<Record<string, LetterTemplates>> = Object.fromEntries(
  Object.entries(WORDING).map(([name, w]) => [name, build(w)]),
);
