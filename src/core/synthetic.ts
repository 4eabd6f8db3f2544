/**
 * Building blocks of deterministic synthetic data (the demo city, benchmark sets): a seeded
 * generator and name parts for towns, parks and firms. Synthetic names only, never real units.
 */

/** mulberry32: small, fast, deterministic; returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Town/street name stems (a prefix of this list is enough for a small city). */
export const TOWN_STEMS = [
  '城关',
  '新民',
  '临江',
  '白沙',
  '金桥',
  '清河',
  '凤鸣',
  '石门',
  '永安',
  '长乐',
  '平湖',
  '桃源',
  '龙泉',
  '双溪',
  '柳湾',
  '杏坛',
  '云台',
  '青山',
  '望江',
  '沙河',
] as const;
export const PARK_STEMS = ['高新技术产业园', '经济开发区', '智能制造产业园', '生物医药园'] as const;
export const FIRM_STEMS = [
  '精密',
  '智能',
  '新材',
  '光电',
  '医疗',
  '环保',
  '数控',
  '电子',
  '化工',
  '机械',
  '软件',
  '食品',
  '纺织',
  '汽配',
  '能源',
  '检测',
] as const;
export const FIRM_TAILS = ['科技有限公司', '制造有限公司', '股份有限公司', '实业有限公司'] as const;
/** GB 32100-2015 character set, for drawing synthetic USCC bodies. */
export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
