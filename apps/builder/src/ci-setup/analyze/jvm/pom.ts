/**
 * The few facts the analysis needs from a pom.xml, read with regular expressions over the text
 * with comments removed: no XML parser is a dependency of this project, and these elements are
 * plain, unnested text (`<module>`, `<artifactId>`, compiler properties).
 */
export interface Pom {
  artifactId?: string;
  modules: string[];
  /** Java versions the pom asks for: `maven.compiler.release`/`source`, `java.version`, the compiler plugin's `<release>`. */
  javaVersions: string[];
  /** artifactIds of every dependency and plugin. */
  artifacts: Set<string>;
}

export function readPom(text: string): Pom {
  const xml = text.replace(/<!--[\s\S]*?-->/g, '');
  // The project's own artifactId is the first one outside <parent>.
  const own = xml.replace(/<parent>[\s\S]*?<\/parent>/, '');
  const artifactId = textsOf(own, 'artifactId')[0];
  const properties = blockOf(xml, 'properties') ?? '';
  const compiler = /<artifactId>\s*maven-compiler-plugin\s*<\/artifactId>([\s\S]*?)<\/plugin>/.exec(xml)?.[1] ?? '';
  const javaVersions = [
    ...textsOf(properties, 'maven.compiler.release'),
    ...textsOf(compiler, 'release'),
    ...textsOf(properties, 'maven.compiler.source'),
    ...textsOf(compiler, 'source'),
    ...textsOf(properties, 'java.version'),
  ].filter((version) => !version.includes('${'));
  return {
    ...(artifactId ? { artifactId } : {}),
    modules: textsOf(blockOf(xml, 'modules') ?? '', 'module'),
    javaVersions: [...new Set(javaVersions)],
    artifacts: new Set(textsOf(xml, 'artifactId')),
  };
}

/** The inner text of every `<tag>…</tag>`, trimmed. */
function textsOf(xml: string, tag: string): string[] {
  const escaped = tag.replace(/\./g, '\\.');
  return [...xml.matchAll(new RegExp(`<${escaped}>\\s*([^<]*?)\\s*</${escaped}>`, 'g'))].map((match) => match[1] as string);
}

function blockOf(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(xml)?.[1];
}
