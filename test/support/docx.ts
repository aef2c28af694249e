// Reads a .docx back as Word would see its text: word/document.xml, each paragraph's text, each table's cells.
import JSZip from 'jszip';

const unescapeXml = (text: string) =>
  text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');

const paragraphsOf = (fragment: string) =>
  [...fragment.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([p]) =>
    [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map(([, t]) => unescapeXml(t ?? '')).join(''),
  );

/** word/document.xml of a .docx, the text of each paragraph in document order, and each table's cells. */
export async function readDocx(bytes: Uint8Array) {
  const zip = await JSZip.loadAsync(bytes);
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([table]) =>
    [...table.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([cell]) => paragraphsOf(cell)),
  );
  return { xml, paragraphs: paragraphsOf(xml), tables };
}
