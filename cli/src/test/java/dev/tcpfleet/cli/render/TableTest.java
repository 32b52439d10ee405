package dev.tcpfleet.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TableTest {
    @Test
    void columnsAreAsWideAsTheirWidestCellAndNumbersAlignRight() {
        String table = new Table("HOST", "SOCKETS", "STALE").row("web-1", 7, "").row("db-12", 1204, "stale")
                .render();
        assertEquals("""
                HOST   SOCKETS  STALE
                web-1        7
                db-12     1204  stale
                """, table);
    }

    @Test
    void absentCellsShowAsDashAndAnEmptyTableSaysSo() {
        assertEquals("A  B\n-  x\n", new Table("A", "B").row(null, "x").render());
        assertEquals("NAME\n(none)\n", new Table("NAME").render());
    }

    @Test
    void blocksCountOneColumnEach() {
        assertEquals("SPARK  N\n▁▄█    1\n", new Table("SPARK", "N").row("▁▄█", 1).render());
    }

    @Test
    void aRowMustFillEveryColumn() {
        assertThrows(IllegalArgumentException.class, () -> new Table("A", "B").row("only one"));
    }
}
