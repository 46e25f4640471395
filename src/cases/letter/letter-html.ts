import type { LetterContent } from './letter-content';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Every value comes from platform or registry data: escaped, never trusted as markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

export function renderLetterHtml(c: LetterContent): string {
  const e = escapeHtml;
  const rows = (pairs: Array<[string, string]>) => pairs.map(([label, value]) => `<tr><th>${e(label)}</th><td>${e(value)}</td></tr>`).join('\n');
  return `<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${e(c.title)} ${e(c.number)}</title>
<style>
body { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; max-width: 46em; margin: 2em auto; line-height: 1.5; }
header { display: flex; justify-content: space-between; text-align: center; }
h1 { text-align: center; margin-bottom: 0; } .subtitle { text-align: center; font-style: italic; margin-top: .2em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .3em .6em; text-align: left; }
td.amount { text-align: right; } .draft { color: #b00; font-weight: bold; text-align: center; } footer { font-size: .8em; color: #555; }
</style>
</head>
<body>
${c.draft ? '<p class="draft">DỰ THẢO — chưa gửi người nộp thuế</p>' : ''}
<header><div><strong>CƠ QUAN THUẾ</strong><br>Số: ${e(c.number)}</div>
<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br>Độc lập - Tự do - Hạnh phúc<br><em>${e(c.dateLine)}</em></div></header>
<h1>${e(c.title)}</h1>
<p class="subtitle">${e(c.subtitle)}</p>
<table class="addressee">
${rows(c.addressee)}
</table>
<p>${e(c.intro)}</p>
<table class="figures">
${c.figures.map(([label, amount]) => `<tr><th>${e(label)}</th><td class="amount">${e(amount)}</td></tr>`).join('\n')}
</table>
${c.platforms.length ? `<p>Doanh thu theo từng sàn:</p>\n<table class="platforms">\n${c.platforms.map(([p, amount]) => `<tr><th>${e(p)}</th><td class="amount">${e(amount)}</td></tr>`).join('\n')}\n</table>` : ''}
${c.findings.length ? `<p>Nội dung cần giải trình:</p>\n<ul>\n${c.findings.map((f) => `<li>${e(f)}</li>`).join('\n')}\n</ul>` : ''}
<p>${e(c.notice)}</p>
<p class="deadline"><strong>${e(c.deadline)}</strong></p>
<footer>${e(c.footer)}</footer>
</body>
</html>
`;
}
