import { TempTrees } from '../tree.testing';
import { detectGradleComponent, gradleWorkspaceOf } from './gradle.detector';
import { detectMavenComponent, mavenWorkspaceOf } from './maven.detector';

const trees = new TempTrees();
afterAll(() => trees.cleanup());

const pom = (body: string): string => `<?xml version="1.0"?>\n<project>\n  <parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId></parent>\n${body}\n</project>\n`;

describe('Maven', () => {
  it("reads the project's own artifactId (not the parent's), the compiler plugin's release, junit 4, jacoco and the wrapper", async () => {
    const tree = await trees.tree({
      'pom.xml': pom(`  <artifactId>orders</artifactId>
  <!-- <maven.compiler.release>8</maven.compiler.release> -->
  <dependencies><dependency><groupId>junit</groupId><artifactId>junit</artifactId></dependency></dependencies>
  <build><plugins>
    <plugin><artifactId>maven-compiler-plugin</artifactId><configuration><release>21</release></configuration></plugin>
    <plugin><groupId>org.jacoco</groupId><artifactId>jacoco-maven-plugin</artifactId></plugin>
  </plugins></build>`),
      mvnw: '#!/bin/sh\n',
    });
    expect(detectMavenComponent({ tree, dir: '.', fallbackName: 'x' })).toEqual({
      component: { path: '.', name: 'orders', language: 'java', package_manager: 'maven', runtime_versions: ['java 21'], build_command: './mvnw -B -DskipTests package', test_command: './mvnw -B verify', test_framework: 'junit4', coverage_tool: 'jacoco' },
      notes: [],
    });
  });

  it("builds a multi-module reactor from the root, finding the test framework in the modules' poms", async () => {
    const tree = await trees.tree({
      'pom.xml': pom('  <artifactId>shop</artifactId>\n  <packaging>pom</packaging>\n  <properties><java.version>17</java.version></properties>\n  <modules>\n    <module>api</module>\n    <module>gone</module>\n  </modules>'),
      'api/pom.xml': pom('  <artifactId>api</artifactId>\n  <dependencies><dependency><artifactId>junit-jupiter</artifactId></dependency></dependencies>'),
    });
    expect(mavenWorkspaceOf(tree)).toEqual({ tool: 'maven-modules', members: ['api'], builds: 'root', notes: ['pom.xml lists modules without a pom.xml: gone'] });
    expect(detectMavenComponent({ tree, dir: '.', fallbackName: 'x' })?.component).toMatchObject({ name: 'shop', runtime_versions: ['java 17'], test_framework: 'junit5' });
  });

  it('notes a pom without a test framework', async () => {
    const tree = await trees.tree({ 'pom.xml': pom('  <artifactId>bare</artifactId>') });
    expect(detectMavenComponent({ tree, dir: '.', fallbackName: 'x' })?.notes).toEqual(['pom.xml declares no JUnit or TestNG dependency: `mvn verify` may run no tests']);
  });
});

describe('Gradle', () => {
  it('reads the Kotlin DSL: toolchain version, JUnit platform, jacoco, the wrapper, subprojects and rootProject.name', async () => {
    const tree = await trees.tree({
      'settings.gradle.kts': 'rootProject.name = "inventory"\ninclude("app", ":libs:core")\n',
      'build.gradle.kts': 'plugins { java; jacoco }\njava { toolchain { languageVersion = JavaLanguageVersion.of(21) } }\n',
      'app/build.gradle.kts': 'tasks.test { useJUnitPlatform() }\n',
      'libs/core/build.gradle.kts': '',
      gradlew: '#!/bin/sh\n',
      'app/src/main/java/App.java': '',
    });
    expect(gradleWorkspaceOf(tree)).toEqual({ tool: 'gradle-subprojects', members: ['app', 'libs/core'], builds: 'root', notes: [] });
    expect(detectGradleComponent({ tree, dir: '.', fallbackName: 'x' })).toEqual({
      component: { path: '.', name: 'inventory', language: 'java', package_manager: 'gradle', runtime_versions: ['java 21'], build_command: './gradlew build -x test', test_command: './gradlew test', test_framework: 'junit5', coverage_tool: 'jacoco' },
      notes: [],
    });
  });

  it('notes Kotlin sources and a missing wrapper', async () => {
    const tree = await trees.tree({ 'build.gradle': "sourceCompatibility = '11'\n", 'src/main/kotlin/App.kt': '' });
    const found = detectGradleComponent({ tree, dir: '.', fallbackName: 'svc' });
    expect(found?.component).toMatchObject({ name: 'svc', runtime_versions: ['java 11'], test_command: 'gradle test' });
    expect(found?.notes).toEqual(['the project is Kotlin: reported as java, the JVM language the pipeline knows', 'build.gradle: no Gradle wrapper (gradlew); the CI image must provide a matching Gradle']);
  });
});
