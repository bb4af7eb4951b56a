import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../pipelines/core/errors.ts';
import type { AccountCommand } from '../../pipelines/fraud/fraud-alert.ts';
import { AccountActionStore } from '../../pipelines/fraud-actions/account-action-store.ts';
import { callTreatment, nextStatus } from '../../pipelines/fraud-actions/account-status.ts';
import { ActionPolicy } from '../../pipelines/fraud-actions/action-policy.ts';
import { alertCause, commandIdOf, episodeCause } from '../../pipelines/fraud-actions/command-id.ts';
import { reinstateCommand } from '../../pipelines/fraud-actions/operator-command.ts';
import { alert, minutes, T0 } from './fixtures.ts';

const reinstatement = (accountId: string, at: Date, requestId = 'req-1'): AccountCommand =>
  reinstateCommand({
    accountId,
    reason: 'customer called, devices reset',
    operator: 'alice',
    requestedAt: at,
    requestId,
  });

function thrownCode(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof PipelineError ? error.code : 'not a PipelineError';
  }
  return undefined;
}

describe('ActionPolicy: severities', () => {
  it('suspends every account a critical alert names, with the alert as evidence', () => {
    const policy = new ActionPolicy();
    const decision = policy.decide(
      alert({ alertId: 'a1', accountIds: ['acc-1', 'acc-2'], key: 'ip:203.0.113.7' }),
    );
    expect(decision.commands.map((c) => [c.kind, c.accountId])).toEqual([
      ['suspend', 'acc-1'],
      ['suspend', 'acc-2'],
    ]);
    const [first] = decision.commands;
    expect(first).toMatchObject({
      commandId: commandIdOf('suspend', 'acc-1', episodeCause(0)),
      rule: 'irsf-burst',
      severity: 'critical',
      alertId: 'a1',
      counts: { calls: 12, minutes: 37, cost: '41.20' },
      effectiveAt: T0,
      requestedBy: 'fraud-detector',
    });
    expect(first?.samples).toHaveLength(2);
    expect(decision.outcomes.map((o) => o.outcome)).toEqual(['command', 'command']);
    expect(policy.stateOf('acc-1').status).toBe('suspended');
    expect(policy.stateOf('acc-2').status).toBe('suspended');
  });

  it('records a warning without command, except for the rules configured to restrict', () => {
    const policy = new ActionPolicy();
    const plain = policy.decide(alert({ alertId: 'w1', severity: 'warning', rule: 'irsf-burst' }));
    expect(plain.commands).toEqual([]);
    expect(plain.outcomes).toEqual([{ accountId: 'acc-1', outcome: 'alert-only' }]);
    expect(policy.stateOf('acc-1').status).toBe('active');

    const spend = policy.decide(alert({ alertId: 'w2', severity: 'warning', rule: 'spend-velocity' }));
    expect(spend.commands.map((c) => c.kind)).toEqual(['restrict-unlimited']);
    expect(policy.stateOf('acc-1').status).toBe('restricted');

    const again = policy.decide(
      alert({ alertId: 'w3', severity: 'warning', rule: 'spend-velocity', detectedAt: minutes(5) }),
    );
    expect(again.outcomes).toEqual([{ accountId: 'acc-1', outcome: 'already-restricted' }]);

    const critical = policy.decide(alert({ alertId: 'c1', detectedAt: minutes(6) }));
    expect(critical.commands.map((c) => c.kind)).toEqual(['suspend']);
    expect(policy.stateOf('acc-1')).toMatchObject({
      status: 'suspended',
      causeRules: ['irsf-burst', 'spend-velocity'],
    });
  });

  it('takes the restricting rules from its options and rejects unknown rules and options', () => {
    const policy = new ActionPolicy({ restrictOnWarningRules: ['short-call-burst'] });
    expect(
      policy.decide(alert({ alertId: 'w', severity: 'warning', rule: 'short-call-burst' })).commands,
    ).toHaveLength(1);
    expect(
      policy.decide(
        alert({ alertId: 'v', severity: 'warning', rule: 'spend-velocity', accountIds: ['acc-9'] }),
      ).commands,
    ).toEqual([]);
    expect(thrownCode(() => new ActionPolicy({ restrictOnWarningRules: ['spend-velocty'] }))).toBe(
      'CONFIG_INVALID',
    );
    expect(thrownCode(() => new ActionPolicy({ cooldownMinutes: 5 }))).toBe('CONFIG_INVALID');
  });

  it('does not suspend an account twice', () => {
    const policy = new ActionPolicy();
    expect(policy.decide(alert({ alertId: 'a1' })).commands).toHaveLength(1);
    const second = policy.decide(
      alert({ alertId: 'a2', rule: 'brute-force-then-success', detectedAt: minutes(1) }),
    );
    expect(second.commands).toEqual([]);
    expect(second.outcomes).toEqual([{ accountId: 'acc-1', outcome: 'already-suspended' }]);
    const restrict = policy.decide(
      alert({ alertId: 'a3', severity: 'warning', rule: 'spend-velocity', detectedAt: minutes(2) }),
    );
    expect(restrict.outcomes).toEqual([{ accountId: 'acc-1', outcome: 'already-suspended' }]);
  });

  it('gives an alert naming no account no command', () => {
    const decision = new ActionPolicy().decide(
      alert({ alertId: 'ip', accountIds: [], key: 'ip:198.51.100.1' }),
    );
    expect(decision).toMatchObject({ outcomes: [], commands: [] });
  });
});

describe('ActionPolicy: allowlist', () => {
  it('never acts on allowlisted accounts or customers, and still reports the alert outcome', () => {
    const customers: Record<string, string> = { 'acc-1': 'cust-a', 'acc-2': 'cust-vip', 'acc-3': 'cust-a' };
    const policy = new ActionPolicy(
      { allowlistAccounts: ['acc-3'], allowlistCustomers: ['cust-vip'] },
      { customerOf: (id) => customers[id] },
    );
    const decision = policy.decide(alert({ alertId: 'a1', accountIds: ['acc-1', 'acc-2', 'acc-3'] }));
    expect(decision.outcomes).toEqual([
      {
        accountId: 'acc-1',
        outcome: 'command',
        commandId: commandIdOf('suspend', 'acc-1', episodeCause(0)),
      },
      { accountId: 'acc-2', outcome: 'allowlisted' },
      { accountId: 'acc-3', outcome: 'allowlisted' },
    ]);
    expect(decision.commands.map((c) => c.accountId)).toEqual(['acc-1']);
    expect(policy.stateOf('acc-2').status).toBe('active');
    const restrict = policy.decide(
      alert({ alertId: 'w', severity: 'warning', rule: 'spend-velocity', accountIds: ['acc-3'] }),
    );
    expect(restrict.outcomes).toEqual([{ accountId: 'acc-3', outcome: 'allowlisted' }]);
  });
});

describe('ActionPolicy: reinstatement and cool-down', () => {
  const cooldownMinutes = 60;

  function suspendedThenReinstated(): ActionPolicy {
    const policy = new ActionPolicy({ reinstatementCooldownMinutes: cooldownMinutes });
    policy.decide(alert({ alertId: 'a1', rule: 'irsf-burst' }));
    const state = policy.applyCommand(reinstatement('acc-1', minutes(30)));
    expect(state).toMatchObject({
      status: 'active',
      cooldownRules: ['irsf-burst'],
      cooldownUntil: minutes(90),
    });
    return policy;
  }

  it('does not suspend again for the same rule during the cool-down, even when critical', () => {
    const policy = suspendedThenReinstated();
    const again = policy.decide(alert({ alertId: 'a2', detectedAt: minutes(89) }));
    expect(again.outcomes).toEqual([{ accountId: 'acc-1', outcome: 'cooldown' }]);
    expect(policy.stateOf('acc-1').status).toBe('active');
  });

  it('suspends during the cool-down on a critical alert of another rule, not on a warning', () => {
    const policy = suspendedThenReinstated();
    const warning = policy.decide(
      alert({ alertId: 'w', rule: 'spend-velocity', severity: 'warning', detectedAt: minutes(40) }),
    );
    expect(warning.outcomes).toEqual([{ accountId: 'acc-1', outcome: 'cooldown' }]);
    const other = policy.decide(
      alert({ alertId: 'b1', rule: 'brute-force-then-success', detectedAt: minutes(41) }),
    );
    expect(other.commands.map((c) => [c.kind, c.rule])).toEqual([['suspend', 'brute-force-then-success']]);
  });

  it('suspends again on re-detection once the cool-down is over, with a new command id', () => {
    const policy = suspendedThenReinstated();
    const first = policy.decide(alert({ alertId: 'a1' })).commands[0];
    const redetected = policy.decide(alert({ alertId: 'a3', detectedAt: minutes(90) }));
    expect(redetected.commands.map((c) => c.kind)).toEqual(['suspend']);
    expect(redetected.commands[0]?.commandId).not.toBe(first?.commandId);
    expect(policy.stateOf('acc-1').status).toBe('suspended');
  });

  it('keeps quiet on alerts detected before the reinstatement that arrive after it (the operator saw them)', () => {
    const policy = suspendedThenReinstated();
    const late = policy.decide(alert({ alertId: 'late', detectedAt: minutes(10) }));
    expect(late.outcomes).toEqual([{ accountId: 'acc-1', outcome: 'cooldown' }]);
  });

  it('applies the same reinstatement twice to the same state', () => {
    const policy = suspendedThenReinstated();
    const before = policy.stateOf('acc-1');
    expect(policy.applyCommand(reinstatement('acc-1', minutes(30)))).toEqual(before);
  });
});

describe('ActionPolicy: replay', () => {
  const stream = [
    alert({ alertId: 'w1', severity: 'warning', rule: 'spend-velocity', detectedAt: minutes(0) }),
    alert({ alertId: 'c1', detectedAt: minutes(5), accountIds: ['acc-1', 'acc-2'] }),
    alert({ alertId: 'c2', detectedAt: minutes(6), accountIds: ['acc-3'] }),
  ];
  const ids = (policy: ActionPolicy, alerts = stream): string[] =>
    alerts.flatMap((a) => policy.decide(a).commands.map((c) => c.commandId));

  it('gives the same command ids when the same alerts are decided again by the same policy', () => {
    const policy = new ActionPolicy();
    const first = ids(policy);
    expect(first).toHaveLength(4);
    expect(ids(policy)).toEqual(first);
    expect(
      new ActionPolicy().decide(stream[1] ?? alert({ alertId: 'x' })).commands.map((c) => c.commandId),
    ).toEqual(first.slice(1, 3));
  });

  it('decides the same after a restart from a snapshot taken mid-stream, and the snapshot is plain JSON', () => {
    const uninterrupted = ids(new ActionPolicy());
    const before = new ActionPolicy();
    const head = ids(before, stream.slice(0, 2));
    const snapshot = JSON.parse(JSON.stringify(before.store.snapshot())) as unknown;
    const store = new AccountActionStore();
    store.restore(snapshot);
    const after = new ActionPolicy({}, { store });
    expect(after.store.snapshot()).toEqual(before.store.snapshot());
    // The replayed alert (c1) is answered from the remembered decision; c2 is new.
    expect([...head, ...ids(after, stream.slice(1)).slice(2)]).toEqual(uninterrupted);
    expect(ids(after, stream.slice(1))).toEqual(uninterrupted.slice(1));
  });

  it('forgets old decisions by detection time, and refuses an invalid snapshot', () => {
    const policy = new ActionPolicy();
    ids(policy);
    expect(policy.store.forgetDecisionsBefore(minutes(6))).toBe(2);
    expect(policy.store.decisionFor('c2')).toBeDefined();
    expect(
      thrownCode(() => {
        new AccountActionStore().restore({ version: 99, accounts: [], decisions: [] });
      }),
    ).toBe('SNAPSHOT_INVALID');
    expect(
      thrownCode(() => {
        new AccountActionStore().restore({
          version: 1,
          accounts: [{ accountId: 'a', status: 'gone' }],
          decisions: [],
        });
      }),
    ).toBe('SNAPSHOT_INVALID');
  });
});

describe('emergency calls', () => {
  it('are allowed whatever the account status; other calls follow the status', () => {
    expect(callTreatment('suspended', 'emergency')).toBe('allowed');
    expect(callTreatment('restricted', 'emergency')).toBe('allowed');
    expect(callTreatment('suspended', 'national-mobile')).toBe('blocked');
    expect(callTreatment('suspended', 'international')).toBe('blocked');
    expect(callTreatment('restricted', 'national-fixed')).toBe('allowed-billed-per-minute');
    expect(callTreatment('active', 'satellite')).toBe('allowed');
  });

  it('status transitions: a restriction does not lift a suspension; reinstate makes active', () => {
    expect(nextStatus('suspended', 'restrict-unlimited')).toBe('suspended');
    expect(nextStatus('restricted', 'suspend')).toBe('suspended');
    expect(nextStatus('restricted', 'reinstate')).toBe('active');
    expect(nextStatus('active', 'reinstate')).toBe('active');
  });
});

describe('command ids', () => {
  it('depend on the kind, the account and the cause only', () => {
    const id = commandIdOf('suspend', 'acc-1', alertCause('a1'));
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(commandIdOf('suspend', 'acc-1', alertCause('a1'))).toBe(id);
    expect(commandIdOf('restrict-unlimited', 'acc-1', alertCause('a1'))).not.toBe(id);
    expect(commandIdOf('suspend', 'acc-2', alertCause('a1'))).not.toBe(id);
    expect(commandIdOf('suspend', 'acc-1', alertCause('a2'))).not.toBe(id);
    // Length-prefixed parts: moving a separator between parts changes the id.
    expect(commandIdOf('suspend', 'acc|1', alertCause('a'))).not.toBe(
      commandIdOf('suspend', 'acc', alertCause('1|a')),
    );
  });

  it('of an operator reinstatement depend on the request id, else on operator, reason and time', () => {
    const base = { accountId: 'acc-1', reason: 'checked', operator: 'alice', requestedAt: T0 };
    expect(reinstateCommand(base).commandId).toBe(reinstateCommand({ ...base }).commandId);
    expect(reinstateCommand({ ...base, requestedAt: minutes(1) }).commandId).not.toBe(
      reinstateCommand(base).commandId,
    );
    const withId = reinstateCommand({ ...base, requestId: 'ticket-42' });
    expect(reinstateCommand({ ...base, requestId: 'ticket-42', requestedAt: minutes(3) }).commandId).toBe(
      withId.commandId,
    );
    expect(withId).toMatchObject({
      kind: 'reinstate',
      rule: 'operator',
      requestedBy: 'alice',
      counts: {},
      samples: [],
    });
    expect(withId.alertId).toBeUndefined();
    expect(thrownCode(() => reinstateCommand({ ...base, reason: ' ' }))).toBe('INVALID_ARGUMENT');
  });
});

describe('ActionPolicy: what triggers a suspension', () => {
  it('gives the same suspension id whichever critical alert of the episode comes first (topic interleaving)', () => {
    const irsf = alert({ alertId: 'irsf', rule: 'irsf-burst' });
    const success = alert({ alertId: 'success', rule: 'brute-force-then-success' });
    const one = new ActionPolicy();
    const other = new ActionPolicy();
    const first = [one.decide(irsf), one.decide(success)].flatMap((d) => d.commands);
    const second = [other.decide(success), other.decide(irsf)].flatMap((d) => d.commands);
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0]?.commandId).toBe(second[0]?.commandId);
    expect(first[0]?.rule).toBe('irsf-burst');
    expect(second[0]?.rule).toBe('brute-force-then-success');
  });

  it('numbers episodes by reinstatements: a suspension after a reinstatement gets a new id', () => {
    const policy = new ActionPolicy({ reinstatementCooldownMinutes: 0 });
    const [before] = policy.decide(alert({ alertId: 'a1' })).commands;
    policy.applyCommand(reinstatement('acc-1', new Date(T0.getTime() + 60_000)));
    const [after] = policy.decide(
      alert({ alertId: 'a2', detectedAt: new Date(T0.getTime() + 120_000) }),
    ).commands;
    expect(before?.commandId).toBe(commandIdOf('suspend', 'acc-1', episodeCause(0)));
    expect(after?.commandId).toBe(commandIdOf('suspend', 'acc-1', episodeCause(1)));
  });

  it('never acts on credential brute force alone, even critical (alertOnlyRules), and can be told to', () => {
    const failures = alert({ alertId: 'bf', rule: 'credential-brute-force', key: 'ip:198.51.100.9' });
    expect(new ActionPolicy().decide(failures).outcomes).toEqual([
      { accountId: 'acc-1', outcome: 'alert-only' },
    ]);
    expect(new ActionPolicy({ alertOnlyRules: [] }).decide(failures).commands).toHaveLength(1);
    expect(thrownCode(() => new ActionPolicy({ alertOnlyRules: ['no-such-rule'] }))).toBe('CONFIG_INVALID');
  });
});
