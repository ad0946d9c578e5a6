/**
 * Reads the EXIF orientation tag (0x0112) of a JPEG without decoding it: walk the marker segments up to
 * the first scan, find APP1 "Exif\0\0", then read IFD0 of the TIFF structure in either byte order.
 * Ref: JEITA CP-3451 (Exif 2.32) §4.5.4 and TIFF 6.0 §2 (image file header, IFD entries).
 */
import { isExifOrientation, type ExifOrientation } from '../engine/core/orientation';

const ORIENTATION_TAG = 0x0112;
const TYPE_SHORT = 3;

/** The orientation a JPEG declares; 1 (upright) when it declares none or the EXIF block is malformed. */
export function readJpegOrientation(bytes: Uint8Array): ExifOrientation {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return 1;
  let p = 2;
  while (p + 4 <= bytes.length && bytes[p] === 0xff) {
    const marker = bytes[p + 1];
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01 || marker === 0xff) {
      p += marker === 0xff ? 1 : 2; // standalone markers and fill bytes carry no length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return 1; // start of scan / end of image: no EXIF before it
    const length = (bytes[p + 2] << 8) | bytes[p + 3];
    const body = bytes.subarray(p + 4, p + 2 + length);
    if (marker === 0xe1 && isExifHeader(body)) return orientationFromTiff(body.subarray(6));
    p += 2 + length;
  }
  return 1;
}

function isExifHeader(b: Uint8Array): boolean {
  return b.length >= 6 && b[0] === 0x45 && b[1] === 0x78 && b[2] === 0x69 && b[3] === 0x66 && b[4] === 0 && b[5] === 0;
}

/** Orientation from a TIFF structure (what follows "Exif\0\0"); 1 on anything unexpected. */
function orientationFromTiff(tiff: Uint8Array): ExifOrientation {
  if (tiff.length < 8) return 1;
  const order = String.fromCharCode(tiff[0], tiff[1]);
  if (order !== 'II' && order !== 'MM') return 1;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = order === 'II';
  if (view.getUint16(2, little) !== 42) return 1;
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return 1;
  const count = view.getUint16(ifd, little);
  for (let i = 0; i < count; i++) {
    const entry = ifd + 2 + i * 12;
    if (entry + 12 > tiff.length) return 1;
    if (view.getUint16(entry, little) !== ORIENTATION_TAG) continue;
    if (view.getUint16(entry + 2, little) !== TYPE_SHORT) return 1;
    // A SHORT value sits left-justified in the 4-byte value field, in the file's byte order.
    const value = view.getUint16(entry + 8, little);
    return isExifOrientation(value) ? value : 1;
  }
  return 1;
}
