/*
 * Copyright 2026 The Freight authors.
 *
 * Licensed under the Apache License, Version 2.0.
 */
#ifndef FREIGHT_INTEROP_CRC32C_H
#define FREIGHT_INTEROP_CRC32C_H

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace freight { namespace interop {

namespace detail
{
    constexpr std::uint32_t CRC32C_POLYNOMIAL = 0x82F63B78;

    using Crc32cTables = std::array<std::array<std::uint32_t, 256>, 8>;

    // tables[0] is the classic byte-at-a-time table; tables[k] advances a byte's contribution k bytes further.
    constexpr Crc32cTables makeCrc32cTables() noexcept
    {
        Crc32cTables tables{};
        for (std::uint32_t i = 0; i < 256; i++)
        {
            std::uint32_t crc = i;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ CRC32C_POLYNOMIAL : crc >> 1;
            }
            tables[0][i] = crc;
        }

        for (std::size_t k = 1; k < 8; k++)
        {
            for (std::size_t i = 0; i < 256; i++)
            {
                const std::uint32_t previous = tables[k - 1][i];
                tables[k][i] = (previous >> 8) ^ tables[0][previous & 0xFF];
            }
        }

        return tables;
    }

    inline constexpr Crc32cTables CRC32C_TABLES = makeCrc32cTables();
}

/**
 * CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF. The checksum a
 * Freight sender records for a payload (java.util.zip.CRC32C computes the same), so CRC32C("123456789") is 0xE3069283.
 * <p>
 * Software slicing-by-8: eight 1 KiB tables built at compile time, eight bytes per step. Thread-safe: no state.
 */
class Crc32c
{
public:
    /**
     * CRC-32C of a byte range.
     *
     * @param data   first byte.
     * @param length of the range in bytes.
     * @return the checksum, as the unsigned value the wire carries.
     */
    static std::uint32_t compute(const std::uint8_t *data, std::size_t length) noexcept
    {
        return update(0, data, length);
    }

    /**
     * Continue a checksum over more bytes: update(update(0, a), b) == compute(a followed by b).
     *
     * @param crc    the checksum of the bytes before, 0 for none.
     * @param data   first byte.
     * @param length of the range in bytes.
     * @return the checksum of everything so far.
     */
    static std::uint32_t update(std::uint32_t crc, const std::uint8_t *data, std::size_t length) noexcept
    {
        const auto &t = detail::CRC32C_TABLES;

        crc = ~crc;
        while (length >= 8)
        {
            // Little-endian: the first four bytes of the word are the ones the running CRC is folded into.
            std::uint64_t word;
            std::memcpy(&word, data, sizeof(word));
            word ^= crc;
            crc =
                t[7][word & 0xFF] ^
                t[6][(word >> 8) & 0xFF] ^
                t[5][(word >> 16) & 0xFF] ^
                t[4][(word >> 24) & 0xFF] ^
                t[3][(word >> 32) & 0xFF] ^
                t[2][(word >> 40) & 0xFF] ^
                t[1][(word >> 48) & 0xFF] ^
                t[0][word >> 56];
            data += 8;
            length -= 8;
        }

        while (length-- > 0)
        {
            crc = t[0][(crc ^ *data++) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }
};

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "Freight stores and this CRC are little-endian");

}}

#endif
