/**
 * The router's identity (model, firmware revision, serial, MAC addresses) and the `#` header
 * that `show config` and the saved file start with, in the real RT format:
 *   # NVR510 Rev.15.01.28 (Fri Jul 18 15:03:24 2025)
 *   # MAC Address : 00:a0:de:…, …
 *   # Memory 256Mbytes, 1LAN, 1BRI
 *   # main:  NVR510 ver=00 serial=S5K… MAC-Address=00:a0:de:…
 *   # Reporting Date: Nov 26 12:40:49 2026
 */
import { createHash } from 'crypto';
import { PRODUCT, VERSION } from '../version';

/** The firmware revision and build date the emulated router reports. */
export const FIRMWARE_REVISION = '15.01.28';
/** The build date printed after the revision, in the router's format. */
export const FIRMWARE_DATE = 'Fri Jul 18 15:03:24 2025';
/** The default model: a NetVolante with two analog TEL ports. */
export const DEFAULT_MODEL = 'NVR510';
/** Yamaha's IEEE OUI, so MAC addresses look like the router's. */
const YAMAHA_OUI = [0x00, 0xa0, 0xde];

/** Who the emulated router is. */
export interface Identity {
  readonly model: string;
  readonly serial: string;
  /** LAN1, LAN2, WAN: three consecutive addresses, as a real RT lists them. */
  readonly macs: readonly string[];
}

/**
 * The identity of one installation: the serial and MAC addresses are derived from `seed`
 * (something stable such as the configuration file's absolute path and the host name), so they
 * stay the same from one start to the next and differ between installations.
 */
export function deriveIdentity(model: string, seed: string): Identity {
  const h = createHash('sha256').update(`sipsh-identity\0${seed}`).digest();
  const serialDigits = (h.readUInt32BE(0) % 1000000).toString().padStart(6, '0');
  const base = ((h[4] ?? 0) << 16) | ((h[5] ?? 0) << 8) | ((h[6] ?? 0) & 0xfc);
  const macs = [0, 1, 2].map((i) =>
    [...YAMAHA_OUI, (base >> 16) & 0xff, (base >> 8) & 0xff, (base & 0xff) + i].map((b) => b.toString(16).padStart(2, '0')).join(':'),
  );
  return { model, serial: `S5K${serialDigits}`, macs };
}

/** `NVR510 Rev.15.01.28 (Fri Jul 18 15:03:24 2025)`: what Ansible's and Terraform's regexes read. */
export function revisionLine(id: Identity): string {
  return `${id.model} Rev.${FIRMWARE_REVISION} (${FIRMWARE_DATE})`;
}

/** `  main:  NVR510 ver=00 serial=… MAC-Address=… …` */
export function mainLine(id: Identity): string {
  return `main:  ${id.model} ver=00 serial=${id.serial} ${id.macs.map((m) => `MAC-Address=${m}`).join(' ')}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad2 = (n: number): string => n.toString().padStart(2, '0');

/** `Nov 26 12:40:49 2026` in local time, as the router's Reporting Date. */
export function reportingDate(now: Date): string {
  return `${MONTHS[now.getMonth()] ?? ''} ${now.getDate()} ${pad2(now.getHours())}:${pad2(now.getMinutes())}:${pad2(now.getSeconds())} ${now.getFullYear()}`;
}

/** The `#` header lines above the configuration in `show config` and in the saved file. */
export function configHeader(now: Date, id: Identity): string[] {
  return [
    `# ${revisionLine(id)}`,
    `# MAC Address : ${id.macs.join(', ')}`,
    `# Memory 256Mbytes, 1LAN, 1BRI, 2TEL (${PRODUCT} ${VERSION}, analog ports emulated)`,
    `# ${mainLine(id)}`,
    `# Reporting Date: ${reportingDate(now)}`,
  ];
}
