// Factur-X 1.0 / ZUGFeRD 2: the PDF invoice as a person reads it, with the same invoice as EN 16931 CII embedded
// as factur-x.xml, so that one file is both what a customer's clerk files and what their ERP books. The PDF is
// PDF/A-3, and its XMP metadata says what is embedded (the fx schema, with its PDF/A extension schema description,
// which PDF/A requires for any namespace outside the standard ones).
import type { PdfA3 } from './pdf.js';

export const FACTURX_FILE = 'factur-x.xml';
const FX_NS = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

/** The profile of the embedded XML: arledger's CII is EN 16931 (urn:cen.eu:en16931:2017). */
const CONFORMANCE = 'EN 16931';

const property = (name: string, description: string): string => `
              <rdf:li rdf:parseType="Resource">
                <pdfaProperty:name>${name}</pdfaProperty:name>
                <pdfaProperty:valueType>Text</pdfaProperty:valueType>
                <pdfaProperty:category>external</pdfaProperty:category>
                <pdfaProperty:description>${description}</pdfaProperty:description>
              </rdf:li>`;

const XMP = `
        <rdf:Description rdf:about="" xmlns:fx="${FX_NS}">
            <fx:DocumentType>INVOICE</fx:DocumentType>
            <fx:DocumentFileName>${FACTURX_FILE}</fx:DocumentFileName>
            <fx:Version>1.0</fx:Version>
            <fx:ConformanceLevel>${CONFORMANCE}</fx:ConformanceLevel>
        </rdf:Description>
        <rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
            xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
          <pdfaExtension:schemas>
            <rdf:Bag>
              <rdf:li rdf:parseType="Resource">
                <pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema>
                <pdfaSchema:namespaceURI>${FX_NS}</pdfaSchema:namespaceURI>
                <pdfaSchema:prefix>fx</pdfaSchema:prefix>
                <pdfaSchema:property>
                  <rdf:Seq>${property('DocumentFileName', 'The name of the embedded XML document')}${property('DocumentType', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER')}${property('Version', 'The actual version of the standard applying to the embedded XML document')}${property('ConformanceLevel', 'The conformance level of the embedded XML document')}
                  </rdf:Seq>
                </pdfaSchema:property>
              </rdf:li>
            </rdf:Bag>
          </pdfaExtension:schemas>
        </rdf:Description>`;

/** What makes a PDF a Factur-X invoice: `cii` (the exact bytes of `--format cii`) embedded, and the metadata. */
export function facturx(cii: string): PdfA3 {
  return {
    attachments: [{
      name: FACTURX_FILE, data: Buffer.from(cii, 'utf8'), mime: 'text/xml', relationship: 'Alternative',
      description: 'Factur-X invoice (EN 16931, UN/CEFACT CII)',
    }],
    xmp: XMP,
  };
}
