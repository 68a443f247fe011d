import { describe, expect, it } from 'vitest';
import { parseIpAddress } from '../../../src/patterns/eventbridge/cidr.js';
import { syntaxError, verdictOf } from './helpers.js';

function inBlock(block: string, sourceIPAddress: unknown): string {
  return verdictOf({ detail: { sourceIPAddress: [{ cidr: block }] } }, { detail: { sourceIPAddress } });
}

describe('cidr matching', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0', 'match'],
    ['10.0.0.0/8', '10.255.255.255', 'match'],
    ['10.0.0.0/8', '11.0.0.0', 'no-match'],
    ['10.0.0.0/8', '9.255.255.255', 'no-match'],
    ['192.0.2.0/31', '192.0.2.1', 'match'],
    ['192.0.2.0/31', '192.0.2.2', 'no-match'],
    // event-ruler masks the host bits of the block's address.
    ['10.0.0.5/8', '10.0.0.1', 'match'],
    ['0.0.0.0/0', '255.255.255.255', 'match'],
    ['0.0.0.0/0', '::1', 'no-match'],
    ['::/0', '10.0.0.1', 'no-match'],
    ['2001:db8::/32', '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'match'],
    ['2001:db8::/32', '2001:db9::', 'no-match'],
    ['2001:DB8::/32', '2001:0db8:0000::0001', 'match'],
    ['2400:6500:FF00::36FB:1F80/122', '2400:6500:ff00::36fb:1fbf', 'match'],
    ['2400:6500:FF00::36FB:1F80/122', '2400:6500:ff00::36fb:1fc0', 'no-match'],
    ['::1/127', '::', 'match'],
    // Java reads an IPv4-mapped IPv6 address as the IPv4 address.
    ['10.0.0.0/8', '::ffff:a00:1', 'match'],
  ])('%s against %s: %s', (block, address, expected) => {
    expect(inBlock(block, address)).toBe(expected);
  });

  it.each([
    ['AWS Internal'],
    ['cloudtrail.amazonaws.com'],
    [''],
    ['10.0.0.1 '],
    ['010.0.0.1'],
    ['10.0.0.256'],
    ['10.0.0'],
    ['::ffff:10.0.0.1'],
    ['fe80::1%eth0'],
    ['1::2::3'],
  ])('never matches the non-address %j', (value) => {
    expect(inBlock('0.0.0.0/0', value)).toBe('no-match');
    expect(inBlock('::/0', value)).toBe('no-match');
  });

  it('never matches a number, and matches any address of an array', () => {
    expect(inBlock('0.0.0.0/0', 167772161)).toBe('no-match');
    expect(inBlock('10.0.0.0/8', ['AWS Internal', '10.1.1.1'])).toBe('match');
  });
});

describe('IP addresses', () => {
  it.each([
    ['0.0.0.0', { family: 4, value: 0n }],
    ['255.255.255.255', { family: 4, value: 0xffffffffn }],
    ['::', { family: 6, value: 0n }],
    ['::1', { family: 6, value: 1n }],
    ['1:2:3:4:5:6:7::', { family: 6, value: 0x00010002000300040005000600070000n }],
    ['0011:2233:4455:6677:8899:aabb:ccdd:eeff', { family: 6, value: 0x00112233445566778899aabbccddeeffn }],
    ['::FFFF:C000:0201', { family: 4, value: 0xc0000201n }],
  ])('reads %s', (text, address) => {
    expect(parseIpAddress(text)).toEqual(address);
  });

  it.each([['1:2:3:4:5:6:7:8:9'], ['1:2:3:4:5:6:7'], ['12345::'], [':1:2:3:4:5:6:7'], ['08:23'], ['700.168.0.1'], ['192.-3.0.1'], ['10.10.10.10.10']])(
    'rejects %s',
    (text) => {
      expect(parseIpAddress(text)).toBeUndefined();
    },
  );

  it('lets an exact string that is not a valid address match as a plain string', () => {
    expect(verdictOf({ a: ['08:23'] }, { a: '08:23' })).toBe('match');
  });
});

describe('cidr validation', () => {
  it.each([
    ['10.0.0.0', "Malformed CIDR, one '/' required"],
    ['10.0.0.0/', "Malformed CIDR, one '/' required"],
    ['10.0.0.0/8/8', "Malformed CIDR, one '/' required"],
    ['10.0.0.0/x', 'Malformed CIDR, mask bits must be an integer'],
    ['10.0.0.0/-1', 'Malformed CIDR, mask bits must not be negative'],
    ['10.0.0.0/32', 'IPv4 mask bits must be < 32'],
    ['10.0.0.0/33', 'IPv4 mask bits must be < 32'],
    ['::/128', 'IPv6 mask bits must be < 128'],
    ['snorkle/3', 'Nonstandard IP address: snorkle'],
    ['300.0.0.0/8', 'Invalid IP address: 300.0.0.0'],
    ['2400:6500:3:3:3:3:3:3:3:3FF00::36FB:1F80/122', 'Invalid IP address: 2400:6500:3:3:3:3:3:3:3:3FF00::36FB:1F80'],
  ])('rejects %s', (block, message) => {
    expect(syntaxError({ ip: [{ cidr: block }] }).message).toBe(message);
  });
});
