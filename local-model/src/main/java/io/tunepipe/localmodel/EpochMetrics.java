package io.tunepipe.localmodel;

/**
 * Measured at the end of an epoch; validation figures are null when there is no validation data.
 *
 * @param step optimiser steps taken so far
 */
public record EpochMetrics(int epoch, long step, double trainLoss, double trainAccuracy, Double validLoss,
        Double validAccuracy) {
}
