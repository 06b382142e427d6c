/** G.711 μ-law and A-law encoders (ITU-T G.711), for the test tone. */

/** One 16-bit linear sample as G.711 mu-law (PCMU). */
export function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  let s = Math.max(-32635, Math.min(32635, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** One 16-bit linear sample as G.711 A-law (PCMA). */
export function linearToAlaw(sample: number): number {
  let s = Math.max(-32767, Math.min(32767, Math.round(sample))) >> 3;
  const sign = s >= 0 ? 0x80 : 0;
  if (s < 0) s = -s - 1;
  let exponent = 0;
  for (let v = s >> 4; v > 1 && exponent < 7; v >>= 1) exponent++;
  const mantissa = exponent === 0 ? (s >> 1) & 0x0f : (s >> exponent) & 0x0f;
  return ((sign | (exponent << 4) | mantissa) ^ 0x55) & 0xff;
}

/** 20 ms (160 samples at 8 kHz) of a 1 kHz tone: a whole number of periods, so frames repeat seamlessly. */
export function toneFrame(payloadType: number): Buffer {
  const frame = Buffer.alloc(160);
  for (let i = 0; i < 160; i++) {
    const v = 8000 * Math.sin((2 * Math.PI * 1000 * i) / 8000);
    frame[i] = payloadType === 8 ? linearToAlaw(v) : linearToUlaw(v);
  }
  return frame;
}
