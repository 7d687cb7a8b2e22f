package dev.lookahead.cli;

import org.apache.flink.util.FlinkUserCodeClassLoaders;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Inside a Flink cluster the job's {@code main} runs in the JobManager's JVM, loaded by Flink's user-code class
 * loader: {@code System.exit} there ends the JobManager. Here the CLI's classes are loaded the way a cluster loads
 * a submitted jar (child first, as Flink's default), and {@code main} is called: it must return (a call to
 * {@code System.exit} would end this test JVM and fail the build), and a failure must be thrown, not exited.
 */
class MainInClusterTest {

    private static Class<?> mainAsFlinkLoadsIt() throws Exception {
        URL classes = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL();
        ClassLoader loader = FlinkUserCodeClassLoaders.childFirst(new URL[]{classes}, MainInClusterTest.class.getClassLoader(),
                new String[]{"java.", "org.apache.flink.", "picocli.", "org.slf4j", "org.apache.logging", "org.apache.avro"},
                t -> { }, true);
        Class<?> c = Class.forName(Main.class.getName(), true, loader);
        assertNotSame(Main.class, c, "the CLI must come from the user-code class loader");
        return c;
    }

    @Test
    void aJvmOfItsOwnIsNotAFlinkCluster() {
        assertFalse(Main.insideFlinkCluster());
    }

    @Test
    void underFlinksUserCodeClassLoaderMainReturnsInsteadOfExiting() throws Exception {
        Class<?> c = mainAsFlinkLoadsIt();
        Method inside = c.getDeclaredMethod("insideFlinkCluster");
        inside.setAccessible(true);
        assertTrue((Boolean) inside.invoke(null));
        Method main = c.getMethod("main", String[].class);
        main.invoke(null, (Object) new String[]{"--version"});   // returns: the JobManager lives on
        InvocationTargetException failed = assertThrows(InvocationTargetException.class,
                () -> main.invoke(null, (Object) new String[]{"run", "--set", "job.delivery=twice"}));
        assertInstanceOf(IllegalStateException.class, failed.getCause(), "a failure is thrown for the cluster to report");
        assertTrue(failed.getCause().getMessage().contains("exit code 1"), failed.getCause().getMessage());
    }
}
