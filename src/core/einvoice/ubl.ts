// An e-invoice as UBL 2.1 (OASIS), the syntax of Peppol: an `Invoice` (type 380, or 383 for a debit note) or a
// `CreditNote` (381) that refers to its invoice. Elements are in the order the UBL schema requires.
import type { EinvoiceModel, EParty, ETaxGroup } from './model.js';
import { el, opt, type XmlElement } from './xml.js';

const NS = {
  Invoice: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
  CreditNote: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2',
  cac: 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  cbc: 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

export function ublDocument(m: EinvoiceModel): XmlElement {
  const credit = m.kind === 'credit-note';
  const root = credit ? 'CreditNote' : 'Invoice';
  const amount = (name: string, value: string): XmlElement => el(name, value, { currencyID: m.currency });
  return el(root, [
    el('cbc:CustomizationID', 'urn:cen.eu:en16931:2017'),
    el('cbc:ID', m.id),
    el('cbc:IssueDate', m.issueDate),
    credit ? null : opt('cbc:DueDate', m.dueDate),
    el(credit ? 'cbc:CreditNoteTypeCode' : 'cbc:InvoiceTypeCode', m.typeCode),
    el('cbc:DocumentCurrencyCode', m.currency),
    opt('cbc:BuyerReference', m.buyerReference),
    m.orderReference === '' ? null : el('cac:OrderReference', [el('cbc:ID', m.orderReference)]),
    m.preceding ? el('cac:BillingReference', [el('cac:InvoiceDocumentReference', [el('cbc:ID', m.preceding.id), el('cbc:IssueDate', m.preceding.date)])]) : null,
    el('cac:AccountingSupplierParty', [party(m.seller, true)]),
    el('cac:AccountingCustomerParty', [party(m.buyer, false)]),
    m.payment ? el('cac:PaymentMeans', [
      el('cbc:PaymentMeansCode', m.payment.meansCode),
      el('cbc:PaymentID', m.payment.reference),
      el('cac:PayeeFinancialAccount', [
        el('cbc:ID', m.payment.iban),
        opt('cbc:Name', m.payment.bank),
        m.payment.bic === '' ? null : el('cac:FinancialInstitutionBranch', [el('cbc:ID', m.payment.bic)]),
      ]),
    ]) : null,
    el('cac:PaymentTerms', [el('cbc:Note', m.paymentTerms)]),
    el('cac:TaxTotal', [amount('cbc:TaxAmount', m.taxTotal), ...m.taxes.map((g) => taxSubtotal(g, amount))]),
    el('cac:LegalMonetaryTotal', [
      amount('cbc:LineExtensionAmount', m.lineTotal),
      amount('cbc:TaxExclusiveAmount', m.lineTotal),
      amount('cbc:TaxInclusiveAmount', m.grandTotal),
      amount('cbc:PayableAmount', m.payable),
    ]),
    ...m.lines.map((l) => el(credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine', [
      el('cbc:ID', l.id),
      el(credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity', l.quantity, { unitCode: 'C62' }),
      amount('cbc:LineExtensionAmount', l.net),
      el('cac:Item', [
        el('cbc:Name', l.name),
        el('cac:ClassifiedTaxCategory', [el('cbc:ID', l.category), el('cbc:Percent', l.rate), vatScheme()]),
      ]),
      el('cac:Price', [amount('cbc:PriceAmount', l.unitPrice)]),
    ])),
  ], { xmlns: credit ? NS.CreditNote : NS.Invoice, 'xmlns:cac': NS.cac, 'xmlns:cbc': NS.cbc });
}

const vatScheme = (): XmlElement => el('cac:TaxScheme', [el('cbc:ID', 'VAT')]);

function party(p: EParty, seller: boolean): XmlElement {
  const a = p.address;
  return el('cac:Party', [
    p.email === '' ? null : el('cbc:EndpointID', p.email, { schemeID: 'EM' }),
    el('cac:PartyName', [el('cbc:Name', p.name)]),
    el('cac:PostalAddress', [
      opt('cbc:StreetName', a.lines[0] ?? ''),
      opt('cbc:AdditionalStreetName', a.lines[1] ?? ''),
      opt('cbc:CityName', a.city),
      opt('cbc:PostalZone', a.postcode),
      a.lines[2] === undefined ? null : el('cac:AddressLine', [el('cbc:Line', a.lines[2])]),
      el('cac:Country', [el('cbc:IdentificationCode', a.country)]),
    ]),
    p.vatId === '' ? null : el('cac:PartyTaxScheme', [el('cbc:CompanyID', p.vatId), vatScheme()]),
    el('cac:PartyLegalEntity', [el('cbc:RegistrationName', p.name), seller ? opt('cbc:CompanyID', p.registration) : null]),
    p.email === '' ? null : el('cac:Contact', [el('cbc:ElectronicMail', p.email)]),
  ]);
}

function taxSubtotal(g: ETaxGroup, amount: (name: string, value: string) => XmlElement): XmlElement {
  return el('cac:TaxSubtotal', [
    amount('cbc:TaxableAmount', g.taxable),
    amount('cbc:TaxAmount', g.tax),
    el('cac:TaxCategory', [
      el('cbc:ID', g.category),
      el('cbc:Percent', g.rate),
      opt('cbc:TaxExemptionReasonCode', g.exemptionCode),
      opt('cbc:TaxExemptionReason', g.exemptionReason),
      vatScheme(),
    ]),
  ]);
}
