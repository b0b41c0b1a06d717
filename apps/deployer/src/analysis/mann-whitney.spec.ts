import { mannWhitneyU, median, normalUpperTail } from './mann-whitney';

// Reference values: worked by hand below, and SciPy 1.17's
// scipy.stats.mannwhitneyu(x, y, alternative='two-sided', method='asymptotic', use_continuity=True)
// (the same normal approximation with tie and continuity corrections as R's wilcox.test(exact=FALSE)).
describe('mannWhitneyU', () => {
  it('matches a hand computation without ties', () => {
    // x = 1 2 3 and y = 4 5 6: every x ranks below every y. R(x) = 6, U = 6 - 3·4/2 = 0,
    // mean = 3·3/2 = 4.5, variance = 3·3·7/12 = 5.25, z = (4.5 - 0.5)/√5.25 = 1.745743,
    // p = 2·P(Z > 1.745743) = 0.080856 (SciPy: 0.08085559837005224).
    const result = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(result.u).toBe(0);
    expect(result.z).toBeCloseTo(1.745743, 6);
    expect(result.pValue).toBeCloseTo(0.08085559837005224, 7);
  });

  it('corrects the variance for ties (hand computation)', () => {
    // Combined: 10 | 20 20 20 | 30 30 30 | 40 40 40 | 50 | 60 → average ranks 1 | 3 | 6 | 9 | 11 | 12.
    // R(x) = 1 + 3 + 3 + 6 + 9·3 = 40, U = 40 - 7·8/2 = 12, mean = 17.5. Three groups of 3 ties:
    // Σ(t³ - t) = 72, variance = 7·5/12 · (13 - 72/(12·11)) = 36.325758, z = 5/6.027085 = 0.829589,
    // p = 0.406772 (SciPy: 0.4067715445990444).
    const result = mannWhitneyU([10, 20, 20, 30, 40, 40, 40], [20, 30, 30, 50, 60]);
    expect(result.u).toBe(12);
    expect(result.z).toBeCloseTo(0.829589, 5);
    expect(result.pValue).toBeCloseTo(0.4067715445990444, 6);
  });

  it.each([
    ['a slower canary', [120, 135, 150, 160, 180, 200, 210, 230], [90, 95, 100, 105, 110, 115, 125, 140], 61, 0.002761604417827473],
    ['overlapping samples', [12.1, 15.3, 9.8, 11.0, 14.2, 13.3, 10.5, 12.9, 16.0, 11.7], [11.5, 12.2, 10.1, 13.8, 12.6, 9.9, 14.9, 11.2, 13.1, 12.0, 10.8], 65, 0.5035147104262714],
  ])('matches SciPy for %s', (_name, x, y, u, p) => {
    const result = mannWhitneyU(x, y);
    expect(result.u).toBe(u);
    expect(result.pValue).toBeCloseTo(p, 6);
  });

  it('gives p = 1 for identical samples, is symmetric, and needs a value on each side', () => {
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5]).pValue).toBe(1);
    const x = [3, 8, 1, 9, 4];
    const y = [7, 2, 6, 10, 12, 11];
    expect(mannWhitneyU(x, y).pValue).toBeCloseTo(mannWhitneyU(y, x).pValue, 12);
    expect(mannWhitneyU(x, y).u + mannWhitneyU(y, x).u).toBe(x.length * y.length);
    expect(() => mannWhitneyU([], [1])).toThrow('at least one value in each sample');
  });
});

describe('normalUpperTail and median', () => {
  it('match the standard normal table and the middle value', () => {
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 7);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 7);
    expect(normalUpperTail(3)).toBeCloseTo(0.0013498980316301, 8);
    expect(normalUpperTail(-1)).toBeCloseTo(0.8413447460685429, 7);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});
