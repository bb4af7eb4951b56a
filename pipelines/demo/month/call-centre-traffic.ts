import { clock, wallClockMs } from './demo-calendar.ts';
import { sampleShape, shapeSeconds } from './call-shapes.ts';
import { CALL_CENTRE_HOURS, SATURDAY_HOURS } from './day-schedule.ts';
import { CALL_CENTRE_MIX, freshNationalNumber, offPlanCallee } from './destinations.ts';
import { planOfficeUnits } from './office-traffic.ts';
import { placeCall, type AccountScene } from './account-scene.ts';

/**
 * An outbound call-centre agent: about 48 calls a working day (Saturday mornings too), mostly to new
 * prospects, a fifth calling back someone already called; few answered. Far over 150 distinct numbers, from a
 * third-party softphone: the plan does not apply to a telecom professional anyway.
 */
export function callCentreAgentTraffic(scene: AccountScene): void {
  const { random } = scene;
  const units = planOfficeUnits(scene, {
    mix: CALL_CENTRE_MIX,
    shapes: 'call-centre',
    callsPerDay: scene.account.callsPerDay,
    hours: (day) => (day.weekday === 6 ? SATURDAY_HOURS : CALL_CENTRE_HOURS),
    closeSeconds: clock(20),
  });
  const called: string[] = [];
  for (const unit of units) {
    for (const call of unit.calls) {
      let callee: string;
      if (call.kind !== 'in-plan') callee = offPlanCallee(random, call.kind);
      else if (called.length > 0 && random.chance(0.2)) callee = random.pick(called);
      else {
        callee = freshNationalNumber(random, 0.7);
        called.push(callee);
      }
      placeCall(scene, unit.startMs + call.offsetSeconds * 1000, callee, call.shape);
    }
  }
}

/**
 * The call centre's IPBX on one trunk account: campaigns on Tuesday and Thursday afternoons, five channels
 * dialling in parallel from 14:00 to 16:00 (five calls at once: no limit applies to a telecom professional).
 */
export function callCentreTrunkTraffic(scene: AccountScene, channels = 5): void {
  const { random } = scene;
  for (const day of scene.days.filter((d) => d.weekday === 2 || d.weekday === 4)) {
    const endMs = wallClockMs(day, clock(16));
    for (let channel = 0; channel < channels; channel++) {
      let startMs = wallClockMs(day, clock(14, 0, channel * 7));
      while (startMs < endMs) {
        const shape = sampleShape(random, 'call-centre');
        placeCall(scene, startMs, freshNationalNumber(random, 0.7), shape);
        startMs += (shapeSeconds(shape) + random.integer(5, 40)) * 1000;
      }
    }
  }
}
