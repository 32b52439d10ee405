package dev.tcpfleet.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ProgressBarTest {
    @Test
    void fillsInProportionAndSaysHowFar() {
        assertEquals("[----------]  0/4  0%", ProgressBar.of(0, 4, 10));
        assertEquals("[#####-----]  2/4  50%", ProgressBar.of(2, 4, 10));
        assertEquals("[###-------]  1/3  33%", ProgressBar.of(1, 3, 10));
        assertEquals("[##########]  4/4  100%", ProgressBar.of(4, 4, 10));
    }

    @Test
    void nothingToDoIsDoneAndMoreThanAllIsAll() {
        assertEquals("[####]  0/0  100%", ProgressBar.of(0, 0, 4));
        assertEquals("[####]  2/2  100%", ProgressBar.of(3, 2, 4));
    }
}
