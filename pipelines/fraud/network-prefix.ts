import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network an address belongs to, as text: `203.0.113.0/24`, `2001:db8:abcd::/48`. Undefined for text
 * that is not an IP address. IPv4-mapped IPv6 addresses (`::ffff:203.0.113.7`) count as IPv4.
 */
export function networkOf(
  address: string,
  ipv4PrefixLength: number,
  ipv6PrefixLength: number,
): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const candidate = mapped?.[1] ?? address;
  if (isIPv4(candidate)) return ipv4Network(candidate, ipv4PrefixLength);
  if (isIPv6(address)) return ipv6Network(address, ipv6PrefixLength);
  return undefined;
}

function ipv4Network(address: string, length: number): string {
  const value = address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const size = 2 ** (32 - length);
  const network = Math.floor(value / size) * size;
  const bytes = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256);
  return `${bytes.join('.')}/${length}`;
}

/** The 8 groups of an IPv6 address (`::` expanded, an embedded IPv4 tail converted). */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase().split('%')[0] ?? '';
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4?.[1] !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = v4[1].split('.').map(Number);
    text = `${text.slice(0, -v4[1].length)}${(a * 256 + b).toString(16)}:${(c * 256 + d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = tail === undefined ? 0 : 8 - left.length - right.length;
  return [...left, ...new Array<string>(zeros).fill('0'), ...right].map((g) => parseInt(g, 16));
}

function ipv6Network(address: string, length: number): string {
  const groups = ipv6Groups(address).map((group, i) => {
    const bitsKept = Math.min(16, Math.max(0, length - i * 16));
    return bitsKept === 16 ? group : bitsKept === 0 ? 0 : group & (0xffff << (16 - bitsKept)) & 0xffff;
  });
  return `${groups.map((g) => g.toString(16)).join(':')}/${length}`;
}
