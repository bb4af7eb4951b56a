/**
 * User-Agent headers of the demo devices. The catalogue ones match infra/reference/demo/devices.yaml (a copy
 * of the sample catalogue) with an approved firmware; the others are what the scenario needs them to be.
 */

export type DeviceKind = 'desk' | 'dect' | 'softphone' | 'ipbx';

/** Operator-supplied desk phones, current firmware. */
export const CATALOGUE_DESK_PHONES: readonly string[] = [
  'Yealink SIP-T46U 108.86.0.45',
  'Yealink SIP-T43U 108.86.0.45',
  'Yealink SIP-T42U 108.86.0.40',
  'Yealink SIP-T48U 108.86.0.45',
  'snomD785/10.1.141.13',
  'snomD735/10.1.141.13',
  'Cisco/SPA504G-7.6.2f',
  'PolycomVVX-VVX_350-UA/6.4.3.5018',
  'Poly/Edge E350 8.0.4.2345',
];

/** Operator-supplied DECT bases. */
export const CATALOGUE_DECT_BASES: readonly string[] = [
  'Yealink W70B 146.86.0.20',
  'Yealink W60B 77.85.0.25',
  'Gigaset N670 IP PRO/83.V2.41.0',
  'Panasonic_KX-TGP600/12.004 (0080F0D1E2F3)',
];

/** A catalogue family with a firmware older than the catalogue's minimum (66.86.0.15): refused. */
export const OUTDATED_DESK_PHONE = 'Yealink SIP-T46S 66.85.0.5';

/** Softphones the operator did not supply (CP 5.1: third-party, billed per minute). */
export const THIRD_PARTY_SOFTPHONE = 'MicroSIP/3.21.3';
export const CALL_CENTRE_SOFTPHONE = 'Zoiper rv2.10.20.3';
/** The call centre's own IPBX, registered as one trunk account. */
export const CALL_CENTRE_IPBX = 'Asterisk PBX 20.5.2';

/** What SIPVicious' svwar/svcrack send: the brute force of the credential-theft scenario. */
export const SCANNER_USER_AGENT = 'friendly-scanner';
/** The fraudster's dialler, once it holds the password. */
export const FRAUD_DIALLER_USER_AGENT = 'sipcli/v1.8';
