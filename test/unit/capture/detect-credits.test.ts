// Detection credits: grants are capped, each frame with regions uses one, none left means skip.
import { DetectCredits } from '../../../server/src/capture/detect-credits';
import { MAX_DETECT_CREDITS } from '../../../server/src/contracts/worker-protocol';

describe('DetectCredits', () => {
  it('starts with none and caps grants', () => {
    const c = new DetectCredits();
    expect(c.take()).toBe(false);
    for (let i = 0; i < 5; i++) c.give();
    expect(c.available).toBe(MAX_DETECT_CREDITS);
  });

  it('lets two frames be in flight, the third waits for a credit back', () => {
    const c = new DetectCredits(2);
    c.give();
    c.give();
    expect([c.take(), c.take(), c.take()]).toEqual([true, true, false]);
    c.give();
    expect([c.take(), c.take()]).toEqual([true, false]);
  });
});
