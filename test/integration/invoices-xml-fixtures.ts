/** GDT e-invoice XML fixtures (Decision 1450 layout) for the invoice tests. Not a spec file. */
export function hdon(o: {
  seller?: string; form?: string; series?: string; number?: string; date?: string; buyer?: string;
  before?: string; tax?: string; payable?: string; mccqt?: string | null; items?: string; rates?: string;
  related?: string; currency?: string;
} = {}): string {
  return `<HDon><DLHDon Id="data">
    <TTChung><PBan>2.0.1</PBan><THDon>Hóa đơn giá trị gia tăng</THDon><KHMSHDon>${o.form ?? '1'}</KHMSHDon>
      <KHHDon>${o.series ?? 'C25TAA'}</KHHDon><SHDon>${o.number ?? '123'}</SHDon><NLap>${o.date ?? '2025-07-15'}</NLap>
      ${o.currency ?? '<DVTTe>VND</DVTTe><TGia>1</TGia>'}<HTTToan>TM/CK</HTTToan>${o.related ?? ''}</TTChung>
    <NDHDon>
      <NBan><Ten>Công ty A</Ten><MST>${o.seller ?? '0100109106'}</MST><DChi>Hà Nội</DChi></NBan>
      <NMua><Ten>Người mua</Ten>${o.buyer === undefined ? '' : `<MST>${o.buyer}</MST>`}</NMua>
      <DSHHDVu>${o.items ?? '<HHDVu><TChat>1</TChat><STT>1</STT><THHDVu>Áo</THHDVu><SLuong>2</SLuong><DGia>500000</DGia><ThTien>1000000</ThTien><TSuat>10%</TSuat></HHDVu>'}</DSHHDVu>
      <TToan><THTTLTSuat>${o.rates ?? '<LTSuat><TSuat>10%</TSuat><ThTien>1000000</ThTien><TThue>100000</TThue></LTSuat>'}</THTTLTSuat>
        <TgTCThue>${o.before ?? '1000000'}</TgTCThue><TgTThue>${o.tax ?? '100000'}</TgTThue><TgTTTBSo>${o.payable ?? '1100000'}</TgTTTBSo>
        <TgTTTBChu>Một triệu một trăm nghìn đồng</TgTTTBChu></TToan>
    </NDHDon></DLHDon>
    ${o.mccqt === null ? '' : `<MCCQT Id="id-mccqt">${o.mccqt ?? '00A1B2C3D4E5F60718293A4B5C6D7E8F90'}</MCCQT>`}
    <DSCKS><NBan><Signature>MIIBase64Signature==</Signature></NBan></DSCKS></HDon>`;
}
