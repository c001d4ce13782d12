// An e-invoice as UN/CEFACT Cross Industry Invoice D16B, the syntax of ZUGFeRD, Factur-X and XRechnung: type 380
// (invoice), 383 (debit note) or 381 (credit note, with the invoice it refers to). Elements are in the order of
// the D16B schema, which the tests check.
import type { EinvoiceModel, EParty } from './model.js';
import { el, opt, type XmlElement } from './xml.js';

const NS = {
  rsm: 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  ram: 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  qdt: 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  udt: 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

const date102 = (d: string): string => d.replace(/-/g, '');
const udtDate = (d: string): XmlElement => el('udt:DateTimeString', date102(d), { format: '102' });

export function ciiDocument(m: EinvoiceModel): XmlElement {
  const pay = m.payment;
  return el('rsm:CrossIndustryInvoice', [
    el('rsm:ExchangedDocumentContext', [
      el('ram:GuidelineSpecifiedDocumentContextParameter', [el('ram:ID', 'urn:cen.eu:en16931:2017')]),
    ]),
    el('rsm:ExchangedDocument', [
      el('ram:ID', m.id),
      el('ram:TypeCode', m.typeCode),
      el('ram:IssueDateTime', [udtDate(m.issueDate)]),
    ]),
    el('rsm:SupplyChainTradeTransaction', [
      ...m.lines.map((l) => el('ram:IncludedSupplyChainTradeLineItem', [
        el('ram:AssociatedDocumentLineDocument', [el('ram:LineID', l.id)]),
        el('ram:SpecifiedTradeProduct', [el('ram:Name', l.name)]),
        el('ram:SpecifiedLineTradeAgreement', [el('ram:NetPriceProductTradePrice', [el('ram:ChargeAmount', l.unitPrice)])]),
        el('ram:SpecifiedLineTradeDelivery', [el('ram:BilledQuantity', l.quantity, { unitCode: 'C62' })]),
        el('ram:SpecifiedLineTradeSettlement', [
          el('ram:ApplicableTradeTax', [el('ram:TypeCode', 'VAT'), el('ram:CategoryCode', l.category), el('ram:RateApplicablePercent', l.rate)]),
          el('ram:SpecifiedTradeSettlementLineMonetarySummation', [el('ram:LineTotalAmount', l.net)]),
        ]),
      ])),
      el('ram:ApplicableHeaderTradeAgreement', [
        opt('ram:BuyerReference', m.buyerReference),
        party('ram:SellerTradeParty', m.seller, true),
        party('ram:BuyerTradeParty', m.buyer, false),
        m.orderReference === '' ? null : el('ram:BuyerOrderReferencedDocument', [el('ram:IssuerAssignedID', m.orderReference)]),
      ]),
      el('ram:ApplicableHeaderTradeDelivery', []),
      el('ram:ApplicableHeaderTradeSettlement', [
        pay ? el('ram:PaymentReference', pay.reference) : null,
        el('ram:InvoiceCurrencyCode', m.currency),
        pay ? el('ram:SpecifiedTradeSettlementPaymentMeans', [
          el('ram:TypeCode', pay.meansCode),
          el('ram:PayeePartyCreditorFinancialAccount', [el('ram:IBANID', pay.iban), opt('ram:AccountName', pay.bank)]),
          pay.bic === '' ? null : el('ram:PayeeSpecifiedCreditorFinancialInstitution', [el('ram:BICID', pay.bic)]),
        ]) : null,
        ...m.taxes.map((g) => el('ram:ApplicableTradeTax', [
          el('ram:CalculatedAmount', g.tax),
          el('ram:TypeCode', 'VAT'),
          opt('ram:ExemptionReason', g.exemptionReason),
          el('ram:BasisAmount', g.taxable),
          el('ram:CategoryCode', g.category),
          opt('ram:ExemptionReasonCode', g.exemptionCode),
          el('ram:RateApplicablePercent', g.rate),
        ])),
        el('ram:SpecifiedTradePaymentTerms', [
          el('ram:Description', m.paymentTerms),
          m.dueDate === '' ? null : el('ram:DueDateDateTime', [udtDate(m.dueDate)]),
        ]),
        el('ram:SpecifiedTradeSettlementHeaderMonetarySummation', [
          el('ram:LineTotalAmount', m.lineTotal),
          el('ram:TaxBasisTotalAmount', m.lineTotal),
          el('ram:TaxTotalAmount', m.taxTotal, { currencyID: m.currency }),
          el('ram:GrandTotalAmount', m.grandTotal),
          el('ram:DuePayableAmount', m.payable),
        ]),
        m.preceding ? el('ram:InvoiceReferencedDocument', [
          el('ram:IssuerAssignedID', m.preceding.id),
          el('ram:FormattedIssueDateTime', [el('qdt:DateTimeString', date102(m.preceding.date), { format: '102' })]),
        ]) : null,
      ]),
    ]),
  ], { 'xmlns:rsm': NS.rsm, 'xmlns:qdt': NS.qdt, 'xmlns:ram': NS.ram, 'xmlns:udt': NS.udt });
}

function party(name: string, p: EParty, seller: boolean): XmlElement {
  const a = p.address;
  return el(name, [
    el('ram:Name', p.name),
    seller && p.registration !== '' ? el('ram:SpecifiedLegalOrganization', [el('ram:ID', p.registration)]) : null,
    el('ram:PostalTradeAddress', [
      opt('ram:PostcodeCode', a.postcode),
      opt('ram:LineOne', a.lines[0] ?? ''),
      opt('ram:LineTwo', a.lines[1] ?? ''),
      opt('ram:LineThree', a.lines[2] ?? ''),
      opt('ram:CityName', a.city),
      el('ram:CountryID', a.country),
    ]),
    p.email === '' ? null : el('ram:URIUniversalCommunication', [el('ram:URIID', p.email, { schemeID: 'EM' })]),
    p.vatId === '' ? null : el('ram:SpecifiedTaxRegistration', [el('ram:ID', p.vatId, { schemeID: 'VA' })]),
  ]);
}
