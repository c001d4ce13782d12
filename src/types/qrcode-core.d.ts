// The encoder of the qrcode package on its own: pure computation (no canvas, no files), so that core can make the
// module matrix of a code. The package's types cover only its rendering entry point.
declare module 'qrcode/lib/core/qrcode.js' {
  export function create(text: string, options: { errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' }): {
    modules: { size: number; data: Uint8Array };
  };
}
