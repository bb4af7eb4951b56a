import type { CustomerCategory } from '../../reference/reference-types.ts';
import type { FairUseLimits } from '../../reference/plan.ts';
import {
  DEMO_PLAN_REST_OF_MONTH,
  DEMO_PLAN_WHOLE_MONTH,
  type AccountRole,
  type PowerMode,
  type WorkSchedule,
} from './population-types.ts';
import {
  CALL_CENTRE_IPBX,
  CALL_CENTRE_SOFTPHONE,
  OUTDATED_DESK_PHONE,
  THIRD_PARTY_SOFTPHONE,
  type DeviceKind,
} from './user-agents.ts';

export interface DeviceSpec {
  readonly kind: DeviceKind;
  readonly userAgent: string;
  readonly power: PowerMode;
}

export interface AccountSpec {
  readonly label: string;
  readonly role: AccountRole;
  readonly devices: readonly DeviceSpec[];
  readonly callsPerDay: number;
  readonly contactBookSize: number;
}

export interface CustomerSpec {
  readonly name: string;
  readonly category: CustomerCategory;
  readonly slaEligible: boolean;
  readonly planId: string;
  readonly schedule: WorkSchedule;
  readonly limitOverrides?: Partial<FairUseLimits>;
  readonly accounts: readonly AccountSpec[];
}

const desk = (userAgent: string, power: PowerMode = 'office-hours'): DeviceSpec => ({
  kind: 'desk',
  userAgent,
  power,
});
const dect = (userAgent: string): DeviceSpec => ({ kind: 'dect', userAgent, power: 'always-on' });

const account = (
  label: string,
  role: AccountRole,
  devices: readonly DeviceSpec[],
  callsPerDay = 6,
  contactBookSize = 40,
): AccountSpec => ({ label, role, devices, callsPerDay, contactBookSize });

/**
 * The customers whose accounts carry the scenario: each fair-use rule just at and just over its limit, the
 * alternative breach policy, a raised limit, third-party devices, a telecom professional, a 24/7 reception
 * that calls across midnight, the DST change and the tariff change, a credential theft, and accounts that
 * start or stop in the month. Each also has an ordinary account or two, as real customers do.
 */
export function scenarioCustomerSpecs(callCentreAgents: number): CustomerSpec[] {
  const business = (
    name: string,
    accounts: readonly AccountSpec[],
    extra: Partial<CustomerSpec> = {},
  ): CustomerSpec => ({
    name,
    category: 'business',
    slaEligible: true,
    planId: DEMO_PLAN_REST_OF_MONTH,
    schedule: 'weekdays',
    accounts,
    ...extra,
  });
  const agents = Array.from({ length: callCentreAgents }, (_, i) =>
    account(
      `plateau-${String(i + 1).padStart(2, '0')}`,
      'call-centre-agent',
      [{ kind: 'softphone', userAgent: CALL_CENTRE_SOFTPHONE, power: 'sessions' }],
      40,
    ),
  );
  return [
    business('Immobilière du Parc', [
      account('prospection-a', 'distinct-numbers-at-limit', [desk('Yealink SIP-T46U 108.86.0.45')], 20),
      account('prospection-b', 'distinct-numbers-over-limit', [desk('Yealink SIP-T43U 108.86.0.45')], 20),
      account('accueil', 'ordinary', [desk('Yealink SIP-T46U 108.86.0.45')], 8, 50),
    ]),
    business(
      'Courtage Bernard Assurances',
      [
        account('commercial', 'distinct-numbers-over-limit-whole-month', [desk('snomD785/10.1.141.13')], 20),
        account('accueil', 'ordinary', [desk('snomD735/10.1.141.13')], 5, 30),
      ],
      { planId: DEMO_PLAN_WHOLE_MONTH, slaEligible: false },
    ),
    business('Clinique Vétérinaire des Lilas', [
      account(
        'standard',
        'concurrent-calls-at-limit',
        [desk('Yealink SIP-T46U 108.86.0.45'), desk('snomD785/10.1.141.13')],
        9,
        60,
      ),
      account('docteurs', 'ordinary', [dect('Gigaset N670 IP PRO/83.V2.41.0')], 4, 30),
    ]),
    business('Agence de Voyages Horizon', [
      account(
        'standard',
        'concurrent-calls-over-limit',
        [desk('Yealink SIP-T48U 108.86.0.45'), desk('Yealink SIP-T46U 108.86.0.45')],
        9,
        60,
      ),
    ]),
    business("Cabinet d'Architectes Moreau", [
      account(
        'atelier',
        'registered-devices-at-limit',
        [
          desk('Yealink SIP-T46U 108.86.0.45'),
          desk('Yealink SIP-T43U 108.86.0.45'),
          dect('Yealink W70B 146.86.0.20'),
        ],
        7,
      ),
    ]),
    business('Imprimerie Rousseau', [
      account(
        'atelier',
        'registered-devices-over-limit',
        [
          desk('Yealink SIP-T46U 108.86.0.45'),
          desk('Yealink SIP-T43U 108.86.0.45'),
          dect('Yealink W70B 146.86.0.20'),
          { kind: 'desk', userAgent: 'Poly/Edge E350 8.0.4.2345', power: 'borrowed' },
        ],
        7,
      ),
    ]),
    business(
      'Cabinet Durand Avocats',
      [
        account(
          'associes',
          'registered-devices-raised-limit',
          [
            desk('snomD785/10.1.141.13'),
            desk('snomD785/10.1.141.13'),
            desk('snomD735/10.1.141.13'),
            dect('Gigaset N670 IP PRO/83.V2.41.0'),
          ],
          7,
        ),
      ],
      { limitOverrides: { maxRegisteredDevices: 4 }, slaEligible: false },
    ),
    business('Bureau d’Études Fontaine', [
      account(
        'teletravail',
        'third-party-softphone',
        [
          desk('Yealink SIP-T46U 108.86.0.45'),
          { kind: 'softphone', userAgent: THIRD_PARTY_SOFTPHONE, power: 'sessions' },
        ],
        6,
      ),
      account('direction', 'outdated-firmware', [desk(OUTDATED_DESK_PHONE)], 5),
    ]),
    {
      name: 'Phoneo Relation Client',
      category: 'call-centre',
      slaEligible: true,
      planId: DEMO_PLAN_REST_OF_MONTH,
      schedule: 'weekdays-and-saturday',
      accounts: [
        ...agents,
        account('trunk', 'call-centre-trunk', [
          { kind: 'ipbx', userAgent: CALL_CENTRE_IPBX, power: 'always-on' },
        ]),
      ],
    },
    business(
      'Hôtel Beau Rivage',
      [
        account(
          'reception',
          'night-reception',
          [dect('Gigaset N670 IP PRO/83.V2.41.0'), desk('Yealink SIP-T46U 108.86.0.45', 'always-on')],
          10,
          45,
        ),
      ],
      { schedule: 'every-day' },
    ),
    business(
      'Pharmacie Centrale',
      [
        account('comptoir', 'credential-theft', [dect('Panasonic_KX-TGP600/12.004 (0080F0D1E2F3)')], 7),
        account('preparatoire', 'ordinary', [desk('Cisco/SPA504G-7.6.2f', 'always-on')], 3, 20),
      ],
      { schedule: 'weekdays-and-saturday' },
    ),
    business('Menuiserie Girard', [
      account('nouveau-poste', 'joined-mid-month', [desk('Yealink SIP-T42U 108.86.0.40')], 5),
      account('ancien-poste', 'left-mid-month', [desk('Yealink SIP-T42U 108.86.0.40')], 5),
      account('bureau', 'ordinary', [desk('PolycomVVX-VVX_350-UA/6.4.3.5018')], 4, 25),
    ]),
  ];
}
