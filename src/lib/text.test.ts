import { describe, expect, it } from 'vitest';
import { findUnstorableText, foldText, givenNameKeyRanges, vietnameseNameSortKey } from './text.ts';

const NAMES = [
  'Nguyễn Văn An', 'Trần Thị Ân', 'Lê Ăn', 'Phạm Thị Ánh', 'Hoàng Văn Anh', 'Đặng Văn Đức', 'Vũ Thị Dung', 'Nguyễn Hữu Dũng',
  'Lò Văn Hùng', 'Phan Hưng', 'Bùi Thị Hương', 'Đinh Thị Hường', 'Mai Huống', 'Lê Ư', 'Nguyễn Thị Ơn', 'Trần Văn Ôn',
  'Hans Müller', 'Ali Çelik', "Y H'Hen", 'Ksor Thị Wan', 'Nguyễn Zũng', 'Kim Ünal', 'Trần Văn Ấn Độ', 'Ly A',
];

describe('givenNameKeyRanges', () => {
  for (const prefix of ['a', 'an', 'anh', 'd', 'du', 'hung', 'huong', 'u', 'o', 'on', 'mu', 'ce', "h'h", 'w', 'z', 'un', 'xyz']) {
    it(`"${prefix}": every name whose given name begins with it has its sort key in one of the ranges`, () => {
      const ranges = givenNameKeyRanges(prefix, 64)!;
      expect(ranges).not.toBeNull();
      for (const name of NAMES) {
        const words = foldText(name).split(' ');
        const key = vietnameseNameSortKey(name);
        const inRanges = ranges.some((range) => key >= range.from && key < range.to);
        if (words[words.length - 1].startsWith(prefix)) expect(inRanges, name).toBe(true);
      }
    });
  }

  it('spells a prefix every Vietnamese way: "an" is a, ă or â, then n', () => {
    const ranges = givenNameKeyRanges('an', 64)!;
    const whole = ranges.filter((range) => !range.from.includes('\u0080'));
    expect(whole).toHaveLength(3);
    for (const name of ['Nguyễn Văn An', 'Lê Ăn', 'Trần Thị Ân']) {
      expect(whole.filter((range) => vietnameseNameSortKey(name) >= range.from && vietnameseNameSortKey(name) < range.to)).toHaveLength(1);
    }
    // The other names are outside every range of the Vietnamese spellings.
    expect(whole.some((range) => vietnameseNameSortKey('Hoàng Văn Bình') >= range.from && vietnameseNameSortKey('Hoàng Văn Bình') < range.to)).toBe(false);
  });

  it('gives up when the prefix has more spellings than asked', () => {
    expect(givenNameKeyRanges('aaaaaa', 64)).toBeNull();
    expect(givenNameKeyRanges('huong', 64)).not.toBeNull();
  });
});

describe('findUnstorableText', () => {
  it('names the first unstorable string in document order, keys before their values', () => {
    expect(findUnstorableText({ a: ['ok', 'x\u0000'], b: '\ud800' })).toBe('a.1');
    expect(findUnstorableText({ ok: 1, ['k\ud800']: 'x\u0000' })).toBe('k\ud800');
    expect(findUnstorableText([['fine'], { deeper: ['', 'Nguyễn 𠀀 😀', 'x\udfffy'] }])).toBe('1.deeper.2');
    expect(findUnstorableText('\ud83d')).toBe('');
    expect(findUnstorableText({ name: 'Nguyễn Văn 𠀀 😀', when: null, count: 3, bytes: Buffer.from([0]) })).toBeNull();
  });

  it('walks values nested far deeper than the call stack goes (it does not recurse)', () => {
    const depth = 200_000;
    let arrays: unknown = 'x\u0000';
    let objects: unknown = 'ok';
    for (let level = 0; level < depth; level += 1) {
      arrays = [arrays];
      objects = { a: objects };
    }
    expect(findUnstorableText(arrays)).toBe(Array(depth).fill('0').join('.'));
    expect(findUnstorableText(objects)).toBeNull();
  });
});
