import { PatternError } from './pattern-error.js';

/**
 * IPv4 and IPv6 addresses and CIDR blocks, read as event-ruler reads them (CIDR.java): an address
 * is only tried when it has the shape of one, dotted quads have no leading zeros (current JDKs
 * reject them as ambiguous), IPv6 has no embedded dotted quad or zone, and an IPv4-mapped IPv6
 * address (`::ffff:a00:1`) is the IPv4 address, as Java's InetAddress makes it.
 */

export interface IpAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

export interface CidrBlock {
  readonly family: 4 | 6;
  readonly first: bigint;
  readonly last: bigint;
}

const IPV4_SHAPE = /^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$/;
const IPV6_SHAPE = /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/;
const IPV4_MAPPED_PREFIX = 0xffffn;

/**
 * Events repeat a few source addresses across thousands of rules, so a matcher keeps its recent
 * answers (forgotten all at once when the table is full: simple, and bounded). One cache serves
 * one evaluation: whoever matches many patterns against the same events owns one and passes it
 * to matchEventPattern (the monitoring controls' EventPatternCache does).
 */
export class AddressCache {
  private readonly recent = new Map<string, IpAddress | undefined>();

  constructor(private readonly limit = RECENT_ADDRESSES_LIMIT) {}

  /** parseIpAddress, remembered. */
  parse(text: string): IpAddress | undefined {
    const known = this.recent.get(text);
    if (known !== undefined || this.recent.has(text)) return known;
    const address = parseIpAddress(text);
    if (this.recent.size >= this.limit) this.recent.clear();
    this.recent.set(text, address);
    return address;
  }
}
const RECENT_ADDRESSES_LIMIT = 1024;

/** The address `text` spells, or undefined for anything else (`AWS Internal`, a host name...). */
export function parseIpAddress(text: string): IpAddress | undefined {
  return readIpAddress(text);
}

function readIpAddress(text: string): IpAddress | undefined {
  if (IPV4_SHAPE.test(text)) {
    const value = parseIPv4(text);
    return value === undefined ? undefined : { family: 4, value };
  }
  if (IPV6_SHAPE.test(text)) {
    const value = parseIPv6(text);
    if (value === undefined) return undefined;
    return value >> 32n === IPV4_MAPPED_PREFIX ? { family: 4, value: value & 0xffffffffn } : { family: 6, value };
  }
  return undefined;
}

export function sameAddress(a: IpAddress, b: IpAddress | undefined): boolean {
  return b !== undefined && a.family === b.family && a.value === b.value;
}

/** Reads a `cidr` operand; throws `PatternError` with event-ruler's messages. */
export function parseCidr(operand: string, position: number): CidrBlock {
  const fail = (message: string): never => {
    throw new PatternError(position, message);
  };
  const slashed = splitLikeJava(operand, '/');
  if (slashed.length !== 2) fail("Malformed CIDR, one '/' required");
  const [ip = '', bits = ''] = slashed;
  if (!/^[+-]?\d{1,10}$/.test(bits)) fail('Malformed CIDR, mask bits must be an integer');
  const maskBits = Number(bits);
  if (maskBits < 0) fail('Malformed CIDR, mask bits must not be negative');
  const address = parseIpAddress(ip);
  if (!address) return fail(`${IPV4_SHAPE.test(ip) || IPV6_SHAPE.test(ip) ? 'Invalid' : 'Nonstandard'} IP address: ${ip}`);
  // event-ruler refuses a full-length mask; a single address is written without one.
  if (address.family === 4 && maskBits > 31) fail('IPv4 mask bits must be < 32');
  if (address.family === 6 && maskBits > 127) fail('IPv6 mask bits must be < 128');
  const hostBits = BigInt((address.family === 4 ? 32 : 128) - maskBits);
  const hostMask = (1n << hostBits) - 1n;
  return { family: address.family, first: address.value & ~hostMask, last: address.value | hostMask };
}

export function cidrContains(block: CidrBlock, address: IpAddress | undefined): boolean {
  return address !== undefined && address.family === block.family && address.value >= block.first && address.value <= block.last;
}

function parseIPv4(text: string): bigint | undefined {
  let value = 0n;
  for (const octet of text.split('.')) {
    if (octet.length > 1 && octet.startsWith('0')) return undefined;
    const number = Number(octet);
    if (number > 255) return undefined;
    value = (value << 8n) | BigInt(number);
  }
  return value;
}

function parseIPv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string): string[] => (half === '' ? [] : half.split(':'));
  const head = groupsOf(halves[0] ?? '');
  const tail = halves.length === 2 ? groupsOf(halves[1] ?? '') : [];
  const written = head.length + tail.length;
  if (halves.length === 1 ? written !== 8 : written > 7) return undefined;
  const groups = [...head, ...Array<string>(8 - written).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** Java's String.split: trailing empty strings are dropped (`"10.0.0.0/"` has no mask at all). */
function splitLikeJava(text: string, separator: string): string[] {
  const parts = text.split(separator);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}
