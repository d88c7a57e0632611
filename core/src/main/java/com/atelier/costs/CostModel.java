package com.atelier.costs;

import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageFigures;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.EnumMap;
import java.util.Map;

/**
 * What usage costs Atelier in USD, line by line: the worker's device time at the GPU instance's hourly
 * price (the instance is paid for whichever device the job ran on), and per job the Lambda, API
 * Gateway, DynamoDB and SQS requests it takes; per image kept, S3 storage for its retention and its
 * transfer out once. Pure arithmetic over {@link CloudPrices}.
 */
public final class CostModel {

    private static final MathContext PRECISION = MathContext.DECIMAL64;
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000);
    /** AWS bills storage and transfer per GB of 2^30 bytes. */
    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1L << 30);
    private static final BigDecimal DAYS_PER_MONTH = BigDecimal.valueOf(30);

    private final CloudPrices prices;

    public CostModel(CloudPrices prices) {
        this.prices = prices;
    }

    public CloudPrices prices() {
        return prices;
    }

    /** Each line item's cost of one cell's figures; every line is present, zero where nothing was used. */
    public Map<CostLineItem, BigDecimal> cost(UsageCell cell, UsageFigures figures) {
        CloudPrices.PerJob perJob = prices.perJob();
        BigDecimal jobs = BigDecimal.valueOf(figures.modelRequests());
        BigDecimal imageBytes = BigDecimal.valueOf(figures.images())
                .multiply(BigDecimal.valueOf(prices.pngBytesPerImage().getOrDefault(cell.size(), 0L)));
        BigDecimal gigabytes = imageBytes.divide(BYTES_PER_GB, PRECISION);
        Map<CostLineItem, BigDecimal> lines = new EnumMap<>(CostLineItem.class);
        lines.put(CostLineItem.GPU_TIME, BigDecimal.valueOf(figures.deviceMillis())
                .multiply(price(prices.gpuUsdPerHour())).divide(MILLIS_PER_HOUR, PRECISION));
        lines.put(CostLineItem.FUNCTIONS, jobs.multiply(price(perJob.lambdaGbSeconds()).multiply(price(prices.lambdaUsdPerGbSecond()))
                .add(perMillion(perJob.lambdaInvocations(), prices.lambdaUsdPerMillionRequests())), PRECISION));
        lines.put(CostLineItem.API_REQUESTS, jobs.multiply(perMillion(perJob.apiRequests(),
                prices.apiGatewayUsdPerMillionRequests()), PRECISION));
        lines.put(CostLineItem.DATABASE, jobs.multiply(perMillion(perJob.dynamoDbWriteUnits(), prices.dynamoDbUsdPerMillionWriteUnits())
                .add(perMillion(perJob.dynamoDbReadUnits(), prices.dynamoDbUsdPerMillionReadUnits())), PRECISION));
        lines.put(CostLineItem.QUEUE, jobs.multiply(perMillion(perJob.sqsRequests(), prices.sqsUsdPerMillionRequests()), PRECISION));
        lines.put(CostLineItem.STORAGE, gigabytes.multiply(price(prices.s3UsdPerGbMonth()))
                .multiply(BigDecimal.valueOf(prices.resultRetentionDays())).divide(DAYS_PER_MONTH, PRECISION));
        lines.put(CostLineItem.TRANSFER, gigabytes.multiply(price(prices.transferUsdPerGbOut()), PRECISION));
        return lines;
    }

    private static BigDecimal perMillion(double units, double usdPerMillion) {
        return price(units).multiply(price(usdPerMillion)).divide(MILLION, PRECISION);
    }

    private static BigDecimal price(double value) {
        return BigDecimal.valueOf(value);
    }
}
