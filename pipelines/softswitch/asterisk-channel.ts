/**
 * The peer (the SIP account) of an Asterisk channel name: `SIP/1001-0000abcd`, `PJSIP/1001-00000001`
 * and `IAX2/1001-1234` give `1001`; `Local/1001@from-internal-00000002;1` gives `1001`. The unique
 * suffix Asterisk appends (`-` and a hexadecimal counter), a Local channel's `;1`/`;2` half and
 * `@context`, and markers such as `<ZOMBIE>` are removed. Undefined when no peer is left.
 */
export function asteriskChannelPeer(channel: string): string | undefined {
  const slash = channel.indexOf('/');
  if (slash <= 0) return undefined;
  const technology = channel.slice(0, slash);
  let peer = channel
    .slice(slash + 1)
    .replace(/<[^>]*>$/, '')
    .replace(/;\d+$/, '')
    .replace(/-[0-9a-fA-F]+$/, '');
  if (technology.toLowerCase() === 'local') peer = peer.replace(/@.*$/, '');
  return peer === '' ? undefined : peer;
}

/** The number in an Asterisk caller id such as `"Alice" <1001>`, or the text itself when it has no `<...>`. */
export function callerIdNumber(callerId: string): string {
  const match = /<([^>]*)>\s*$/.exec(callerId);
  return (match?.[1] ?? callerId).trim();
}
