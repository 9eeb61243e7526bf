<?php
/*
 * Family 4 (Autobahn "Opcodes"): RFC 6455 §5.2, a reserved opcode (3-7
 * non-control, 11-15 control) MUST fail the connection: close 1002, and
 * nothing after the bad frame is processed (no pong for the trailing ping).
 * Helpers are in 03-reserved-bits.php.
 */
declare(strict_types=1);

namespace Conformance;

// Family 4: reserved non-control opcodes 3-7 (4.1.x) and control opcodes 11-15 (4.2.x).
foreach ([1 => [3, 4, 5, 6, 7], 2 => [11, 12, 13, 14, 15]] as $sub => $ops) {
    $kind = $sub === 1 ? 'non-control' : 'control';
    add("4.$sub.1", "frame with reserved $kind opcode {$ops[0]}", badFrameCase(frame($ops[0], '')));
    add("4.$sub.2", "frame with reserved $kind opcode {$ops[1]} and non-empty payload", badFrameCase(frame($ops[1], 'reserved opcode payload')));
    add("4.$sub.3", "text, then reserved $kind opcode {$ops[2]}, then ping", badBetweenCase(frame($ops[2], ''), 'all'));
    add("4.$sub.4", "text, then reserved $kind opcode {$ops[3]} with payload, then ping; frame by frame", badBetweenCase(frame($ops[3], 'reserved opcode payload'), 'frame'));
    add("4.$sub.5", "text, then reserved $kind opcode {$ops[4]} with payload, then ping; 1-byte chops", badBetweenCase(frame($ops[4], 'reserved opcode payload'), 'octet'));
}
