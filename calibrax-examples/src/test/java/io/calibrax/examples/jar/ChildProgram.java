package io.calibrax.examples.jar;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real program for {@code calibrax run} to watch: {@code allocate MB MILLIS} fills MB megabytes
 * (every page touched, so it is resident), says so on standard output, and holds them that long.
 */
public final class ChildProgram {
    private ChildProgram() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3 || !"allocate".equals(args[0])) {
            System.err.println("usage: ChildProgram allocate MB MILLIS");
            System.exit(64);
        }
        byte[] held = new byte[Integer.parseInt(args[1]) * 1024 * 1024];
        Arrays.fill(held, (byte) 1);
        System.out.println("allocated " + args[1] + " MB");
        System.out.flush();
        new CountDownLatch(1).await(Long.parseLong(args[2]), TimeUnit.MILLISECONDS); // hold them, then end
        System.out.println("done with " + held.length + " bytes");
    }
}
