import provinces from './data/provinces.json';
it('ships 63 old and 34 new provinces', () => {
  expect(provinces.old).toHaveLength(63);
  expect(provinces.new).toHaveLength(34);
});
