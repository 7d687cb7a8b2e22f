package dev.lookahead;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.lookahead.annotation.Internal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering the architecture holds to (docs/ARCHITECTURE.md), checked on the compiled classes:
 * <ul>
 *   <li>the core ({@code model}, {@code preprocessing}, {@code scoring}, {@code detector}) and the API import no Flink,
 *       Kafka or ND4J, and the core imports nothing of the project outside itself (ND4J training lives in
 *       {@code training}, outside the core: the scoring path never loads it);</li>
 *   <li>the runtimes are thin and separate: {@code kstreams} imports nothing from {@code flink}, nor {@code flink}
 *       from {@code kstreams};</li>
 *   <li>{@code api} is the public surface: every other package is marked {@link Internal}, the API's public
 *       signatures name no internal type, and the README's examples (user code) use the API alone.</li>
 * </ul>
 */
class ArchitectureTest {

    static final String[] CORE = {"dev.lookahead.model..", "dev.lookahead.preprocessing..", "dev.lookahead.scoring..", "dev.lookahead.detector.."};
    static final String API = "dev.lookahead.api";
    /** Packages that are not internal: the API, its annotations, and the classes generated from schemas/ (the wire format). */
    static final Set<String> PUBLIC = Set.of(API, "dev.lookahead.annotation", "dev.lookahead.avro");
    static final String[] ENGINES = {"org.apache.flink..", "org.apache.kafka..", "org.nd4j..", "org.bytedeco..", "org.deeplearning4j.."};

    private static JavaClasses main;

    @BeforeAll
    static void importClasses() {
        // from the compiled classes' own folder: scanning the whole class path (ND4J's native jars) for the package took seconds
        main = new ClassFileImporter().importPath(classesOf(dev.lookahead.api.KeyedDetector.class));
        assertTrue(main.contain(dev.lookahead.detector.Detector.class) && main.contain(dev.lookahead.api.KeyedDetector.class),
                "the main classes are imported");
    }

    /** The folder (or jar) {@code c} was loaded from. */
    private static Path classesOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String[] with(String[] a, String... more) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void theCoreAndTheApiImportNoFlinkKafkaOrNd4j() {
        noClasses().that().resideInAnyPackage(with(CORE, API + ".."))
                .should().dependOnClassesThat().resideInAnyPackage(ENGINES)
                .because("the core is engine-agnostic and ND4J is for batched training only")
                .check(main);
    }

    @Test
    void theCoreDependsOnNothingOfTheProjectOutsideIt() {
        classes().that().resideInAnyPackage(CORE)
                .should().onlyDependOnClassesThat().resideInAnyPackage(with(CORE, "dev.lookahead.avro..", "dev.lookahead.annotation..",
                        "java..", "jdk.incubator.vector..", "org.apache.avro.."))
                .because("runtimes, tools and training are built on the core, never the other way")
                .check(main);
    }

    @Test
    void theApiDependsOnNoRuntime() {
        noClasses().that().resideInAPackage(API + "..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.lookahead.flink..", "dev.lookahead.kstreams..",
                        "dev.lookahead.kafka..", "dev.lookahead.cli..", "dev.lookahead.e2e..", "dev.lookahead.training..", "dev.lookahead.finetune..")
                .because("the API embeds the detector in any runtime; it brings none along")
                .check(main);
    }

    @Test
    void theRuntimesDoNotImportEachOther() {
        noClasses().that().resideInAPackage("dev.lookahead.kstreams..").should().dependOnClassesThat().resideInAPackage("dev.lookahead.flink..")
                .because("Kafka Streams users do not run Flink; what both runtimes share lives in stream").check(main);
        noClasses().that().resideInAPackage("dev.lookahead.flink..").should().dependOnClassesThat().resideInAPackage("dev.lookahead.kstreams..")
                .because("what both runtimes share lives in stream").check(main);
    }

    @Test
    void everyPackageButTheApiIsMarkedInternal() {
        classes().that(new DescribedPredicate<JavaClass>("are outside " + PUBLIC) {
                    @Override
                    public boolean test(JavaClass c) {
                        return !PUBLIC.contains(c.getPackageName());
                    }
                })
                .should(new ArchCondition<JavaClass>("be in a package marked @Internal on its package-info.java") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        if (!c.getPackage().isAnnotatedWith(Internal.class))
                            events.add(SimpleConditionEvent.violated(c, c.getPackageName() + " (of " + c.getName()
                                    + ") has no @dev.lookahead.annotation.Internal on its package-info.java: add it, or make the package part of the API"));
                    }
                })
                .check(main);
    }

    @Test
    void theApisSignaturesNameNoInternalType() {
        classes().that().resideInAPackage(API).and().arePublic()
                .should(new ArchCondition<JavaClass>("name only API and JDK types in their public signatures") {
                    @Override
                    public void check(JavaClass c, ConditionEvents events) {
                        List<JavaType> exposed = new ArrayList<>();
                        c.getRawSuperclass().ifPresent(exposed::add);
                        exposed.addAll(c.getInterfaces());
                        for (JavaCodeUnit u : c.getCodeUnits()) {
                            if (!u.getModifiers().contains(JavaModifier.PUBLIC) && !u.getModifiers().contains(JavaModifier.PROTECTED)) continue;
                            exposed.add(u.getReturnType());
                            exposed.addAll(u.getParameterTypes());
                            exposed.addAll(u.getThrowsClause().getTypes());
                        }
                        for (JavaField f : c.getFields())
                            if (f.getModifiers().contains(JavaModifier.PUBLIC)) exposed.add(f.getType());
                        for (JavaType t : exposed)
                            for (JavaClass raw : t.getAllInvolvedRawTypes())
                                if (raw.getPackageName().startsWith("dev.lookahead") && !PUBLIC.contains(raw.getPackageName()))
                                    events.add(SimpleConditionEvent.violated(c, c.getName() + " exposes the internal type " + raw.getName()));
                    }
                })
                .check(main);
    }

    @Test
    void theReadmesExamplesUseTheApiAlone() {
        JavaClasses examples = new ClassFileImporter().importPath(classesOf(ArchitectureTest.class).resolve("dev/lookahead/examples"));
        assertTrue(examples.contain(dev.lookahead.examples.FlinkExample.class), "the examples are imported");
        noClasses().that().resideInAPackage("dev.lookahead.examples").and().haveSimpleNameNotEndingWith("Test")
                .should().dependOnClassesThat(new DescribedPredicate<JavaClass>("are Lookahead's internals") {
                    @Override
                    public boolean test(JavaClass c) {
                        return c.getPackageName().startsWith("dev.lookahead.") && !c.getPackageName().equals("dev.lookahead.examples")
                                && !PUBLIC.contains(c.getPackageName());
                    }
                })
                .because("user code needs nothing but dev.lookahead.api")
                .check(examples);
    }
}
