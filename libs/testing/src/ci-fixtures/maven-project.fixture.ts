/**
 * A Maven project (Java 17) with a JUnit 5 test and plugin versions pinned, so `mvn -B verify`
 * can run offline where those artifacts are in the local repository; a declarative `Jenkinsfile`
 * is its existing CI.
 */
export function mavenProjectFiles(): Record<string, string> {
  return {
    'pom.xml': POM,
    'src/main/java/com/example/calc/Calculator.java': [
      'package com.example.calc;',
      '',
      'public final class Calculator {',
      '    private Calculator() {}',
      '',
      '    public static int add(int a, int b) {',
      '        return a + b;',
      '    }',
      '}',
      '',
    ].join('\n'),
    'src/test/java/com/example/calc/CalculatorTest.java': [
      'package com.example.calc;',
      '',
      'import static org.junit.jupiter.api.Assertions.assertEquals;',
      '',
      'import org.junit.jupiter.api.Test;',
      '',
      'class CalculatorTest {',
      '    @Test',
      '    void adds() {',
      '        assertEquals(5, Calculator.add(2, 3));',
      '    }',
      '}',
      '',
    ].join('\n'),
    Jenkinsfile: "pipeline {\n  agent any\n  stages {\n    stage('Test') {\n      steps {\n        sh 'mvn -B verify'\n      }\n    }\n  }\n}\n",
    '.gitignore': 'target/\n',
  };
}

const POM = `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"
         xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>calc</artifactId>
  <version>1.0.0</version>
  <packaging>jar</packaging>

  <properties>
    <maven.compiler.release>17</maven.compiler.release>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
  </properties>

  <dependencies>
    <dependency>
      <groupId>org.junit.jupiter</groupId>
      <artifactId>junit-jupiter</artifactId>
      <version>5.10.2</version>
      <scope>test</scope>
    </dependency>
  </dependencies>

  <build>
    <plugins>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-compiler-plugin</artifactId>
        <version>3.13.0</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-surefire-plugin</artifactId>
        <version>3.2.5</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-jar-plugin</artifactId>
        <version>3.4.1</version>
      </plugin>
      <plugin>
        <groupId>org.apache.maven.plugins</groupId>
        <artifactId>maven-resources-plugin</artifactId>
        <version>3.3.1</version>
      </plugin>
    </plugins>
  </build>
</project>
`;
