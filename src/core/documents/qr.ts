// QR codes on documents (the EPC payment code): the module matrix, and the matrix as inline SVG for HTML.
import { create } from 'qrcode/lib/core/qrcode.js';

export interface QrModules {
  readonly size: number;
  /** size × size, row by row: 1 is dark. */
  readonly dark: ArrayLike<number>;
}

/** Error correction M, as EPC069-12 requires. */
export function qrModules(payload: string): QrModules {
  const code = create(payload, { errorCorrectionLevel: 'M' });
  return { size: code.modules.size, dark: code.modules.data };
}

/** An SVG of the code with a four-module quiet zone: one path, no external resources. */
export function qrSvg(payload: string, mm = 40): string {
  const m = qrModules(payload);
  const n = m.size + 8;
  let d = '';
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; c++) if (m.dark[r * m.size + c]) d += `M${c + 4} ${r + 4}h1v1h-1z`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${n} ${n}" width="${mm}mm" height="${mm}mm" shape-rendering="crispEdges" role="img" aria-label="EPC payment QR code"><rect width="${n}" height="${n}" fill="#fff"/><path d="${d}" fill="#000"/></svg>`;
}
